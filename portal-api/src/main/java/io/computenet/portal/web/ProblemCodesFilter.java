package io.computenet.portal.web;

import io.computenet.portal.upstream.CodedProblem;
import io.computenet.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Every problem the portal answers itself (a refused field, a forbidden call, a CSRF refusal...) goes out as a
 * {@link CodedProblem}, as the internal services' problems it passes on already do: the same body plus its codes, so
 * that the pages word it in their own language.
 */
@Provider
public class ProblemCodesFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem p) {
            response.setEntity(CodedProblem.of(p), response.getEntityAnnotations(), response.getMediaType());
        }
    }
}
