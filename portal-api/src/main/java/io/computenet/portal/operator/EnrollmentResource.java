package io.computenet.portal.operator;

import io.computenet.contracts.api.EnrollmentRequest;
import io.computenet.portal.upstream.SchedulerClient;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Where a node agent exchanges its one-time enrolment token for a node identity. No bearer token: the enrolment
 * token authenticates the call, and the scheduler checks it (one use, unexpired, its scope).
 */
@Path("/api/v1/enrollments")
@PermitAll
public class EnrollmentResource {

    @Inject
    @RestClient
    SchedulerClient scheduler;

    @POST
    public Response enroll(@Valid @NotNull EnrollmentRequest request) {
        return Response.status(Response.Status.CREATED).entity(scheduler.enroll(request)).build();
    }
}
