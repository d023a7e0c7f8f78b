package io.computenet.scheduler.placement;

import io.computenet.placement.policy.TaskShape;

import java.util.List;

/**
 * The shapes of the live leases and the most recently placed ones, live first, then newest first: what FGD's
 * typical-task mix is counted from. Declared here and implemented by the lease package, which owns the lease rows, so
 * that placement does not depend on leases (leases depend on placement).
 */
public interface RecentLeases {

    /** At most {@code max} shapes (read in the caller's transaction). */
    List<TaskShape> shapes(int max);
}
