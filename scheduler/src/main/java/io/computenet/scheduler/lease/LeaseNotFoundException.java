package io.computenet.scheduler.lease;

import io.computenet.problem.ProblemException;

import java.util.List;

/** No lease with this id exists for the caller's tenant. */
public class LeaseNotFoundException extends ProblemException {

    public LeaseNotFoundException(String leaseId) {
        super(404, "lease-not-found", "Lease not found", "no lease " + leaseId, List.of());
    }
}
