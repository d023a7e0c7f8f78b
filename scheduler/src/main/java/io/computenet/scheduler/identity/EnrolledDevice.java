package io.computenet.scheduler.identity;

/**
 * A device as it was enrolled: what its node may go on reporting about it. Model and memory are fixed at enrolment
 * ({@link DeviceClaims}); a node whose hardware really changed is enrolled again.
 *
 * @param memoryMiB the enrolled memory, or null for a node enrolled before memory was recorded (then only vendor and
 *                  model are held to)
 */
public record EnrolledDevice(String deviceKey, String vendor, String model, Long memoryMiB) {
}
