package io.computenet.problem;

/**
 * The body a service writes for a problem it answers outside JAX-RS (the {@code RequestGuard}'s 400, 413 and 414, an
 * HTTP-layer refusal): the problem itself, unless the service has a bean of this type that gives it its own shape (the
 * portal adds the codes its pages word the problem by).
 */
public interface ProblemBody {

    /** The object written as the problem+json body of {@code problem}. */
    Object of(Problem problem);
}
