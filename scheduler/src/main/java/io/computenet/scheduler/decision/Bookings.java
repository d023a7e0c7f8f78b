package io.computenet.scheduler.decision;

import io.computenet.placement.NodeCapacity;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Advance booking, purely: a booking reserves whole devices for a window in the future, and capacity is judged per
 * window. A device is free for a window when it is free now, or every lease holding it now ends before the window
 * starts, and no other booking reserves it for an overlapping window. A lease placed now for {@code [now, end)} may
 * not take a device reserved by a booking that starts before {@code end}. (Devices unhealthy now and held by no lease
 * are not counted on for a booking.)
 */
public final class Bookings {

    /** Devices reserved by a booking for {@code [start, end)}. */
    public record Reservation(String leaseId, String nodeId, List<String> deviceKeys, Instant start, Instant end) {
        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && from.isBefore(end);
        }
    }

    /** Devices a live lease holds now, until {@code endsAt} (its booked end, or an estimate before it started). */
    public record Holding(String nodeId, List<String> deviceKeys, Instant endsAt) {
    }

    private Bookings() {
    }

    /** The snapshot as a booking for {@code [start, end)} may count on it. */
    public static List<NodeCapacity> forWindow(List<NodeCapacity> now, List<Holding> holdings,
                                               List<Reservation> reservations, Instant start, Instant end) {
        Map<String, Instant> heldUntil = new HashMap<>();
        for (Holding h : holdings) {
            for (String key : h.deviceKeys()) {
                heldUntil.merge(h.nodeId() + "\u0000" + key, h.endsAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Set<String> reserved = reservedIn(reservations, start, end);
        return now.stream().map(n -> n.withDevices(n.devices().stream().map(d -> {
                    String id = n.nodeId() + "\u0000" + d.deviceKey();
                    if (reserved.contains(id)) {
                        return d.withFree(false);
                    }
                    Instant until = heldUntil.get(id);
                    boolean freeThen = d.free() && until == null || until != null && !until.isAfter(start);
                    return freeThen == d.free() && (freeThen || d.slices() == null) ? d : d.withFree(freeThen);
                }).toList())).toList();
    }

    /** The snapshot without the devices bookings reserve for a window that starts before {@code end}. */
    public static List<NodeCapacity> withoutReserved(List<NodeCapacity> now, List<Reservation> reservations,
                                                     Instant from, Instant end) {
        Set<String> reserved = reservedIn(reservations, from, end);
        if (reserved.isEmpty()) {
            return now;
        }
        return now.stream().map(n -> n.devices().stream().noneMatch(d -> reserved.contains(n.nodeId() + "\u0000"
                + d.deviceKey())) ? n : n.withDevices(n.devices().stream().map(d -> reserved.contains(n.nodeId()
                + "\u0000" + d.deviceKey()) ? d.withFree(false) : d).toList())).toList();
    }

    /**
     * Whether extending lease {@code leaseId} on these devices to {@code newEnd} would run into another booking (its
     * own reservation, when it is a booking itself, does not count); the first one if so.
     */
    public static java.util.Optional<Reservation> conflict(String leaseId, String nodeId, List<String> deviceKeys,
                                                           Instant from, Instant newEnd,
                                                           List<Reservation> reservations) {
        return reservations.stream().filter(r -> !r.leaseId().equals(leaseId) && r.nodeId().equals(nodeId)
                        && r.overlaps(from, newEnd)
                && r.deviceKeys().stream().anyMatch(deviceKeys::contains)).findFirst();
    }

    private static Set<String> reservedIn(List<Reservation> reservations, Instant from, Instant to) {
        Set<String> reserved = new HashSet<>();
        for (Reservation r : reservations) {
            if (r.overlaps(from, to)) {
                r.deviceKeys().forEach(k -> reserved.add(r.nodeId() + "\u0000" + k));
            }
        }
        return reserved;
    }
}
