package io.computenet.scheduler.lease;

import io.computenet.problem.ProblemException;

import java.util.List;

/** No device anywhere fits the request right now; the reasons say what is missing where. */
public class InsufficientCapacityException extends ProblemException {

    public InsufficientCapacityException(List<String> reasons) {
        super(409, "insufficient-capacity", "Insufficient capacity", "no capacity fits this request now", reasons);
    }
}
