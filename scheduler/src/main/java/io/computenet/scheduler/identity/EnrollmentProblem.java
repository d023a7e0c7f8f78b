package io.computenet.scheduler.identity;

import io.computenet.problem.ProblemException;

import java.util.List;

/** A failed enrolment step, as problem+json. */
public class EnrollmentProblem extends ProblemException {

    EnrollmentProblem(int status, String slug, String title, String detail) {
        super(status, slug, title, detail, List.of());
    }

    static EnrollmentProblem invalidToken() {
        return new EnrollmentProblem(401, "enrollment-token-invalid", "Enrolment token not valid",
                "the enrolment token is not one ComputeNet issued");
    }

    static EnrollmentProblem usedToken(String nodeId) {
        return new EnrollmentProblem(409, "enrollment-token-used", "Enrolment token already used",
                "the enrolment token was already exchanged (for node " + nodeId + "); create a new one");
    }

    static EnrollmentProblem expiredToken(java.time.Instant at) {
        return new EnrollmentProblem(410, "enrollment-token-expired", "Enrolment token expired",
                "the enrolment token expired at " + at + "; create a new one");
    }

    static EnrollmentProblem nameTaken(String nodeId) {
        return new EnrollmentProblem(409, "node-name-taken", "Node name taken",
                "an enrolled node is already named " + nodeId + "; revoke it first or choose another name");
    }

    static EnrollmentProblem nameRetired(String nodeId) {
        return new EnrollmentProblem(409, "node-name-taken", "Node name taken",
                "node id " + nodeId + " belonged to a node that was revoked; node ids are never reused, so enrol this"
                        + " node under another name");
    }

    static EnrollmentProblem badRequest(String detail) {
        return new EnrollmentProblem(400, "invalid-enrollment", "Invalid enrolment request", detail);
    }

    /** No node of this id in the caller's organisation (another organisation's node is not told apart). */
    public static EnrollmentProblem nodeNotFound(String nodeId) {
        return new EnrollmentProblem(404, "node-not-found", "Node not found",
                "no enrolled node " + nodeId + " in your organisation");
    }
}
