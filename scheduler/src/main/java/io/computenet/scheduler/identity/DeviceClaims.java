package io.computenet.scheduler.identity;

import io.computenet.contracts.inventory.DeviceInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Holds a node to the devices it was enrolled with: a record that reports an enrolled device with another vendor,
 * model or memory (an RTX 4090 re-reported as an H100) is a change the node may not make by itself. Pure: enrolled
 * devices and reported devices in, the changes out.
 */
public final class DeviceClaims {

    /** One enrolled device reported differently; {@code enrolledMemoryMiB} is null when it was not recorded. */
    public record Change(String deviceKey, String enrolledVendor, String enrolledModel, Long enrolledMemoryMiB,
                         String reportedVendor, String reportedModel, long reportedMemoryMiB) {

        /** "GPU-1: enrolled NVIDIA GeForce RTX 4090 24564 MiB, reported NVIDIA H100 80GB HBM3 81559 MiB". */
        public String describe() {
            return deviceKey + ": enrolled " + enrolledVendor + " " + enrolledModel
                    + (enrolledMemoryMiB == null ? "" : " " + enrolledMemoryMiB + " MiB") + ", reported "
                    + reportedVendor + " " + reportedModel + " " + reportedMemoryMiB + " MiB";
        }
    }

    private DeviceClaims() {
    }

    /**
     * The reported devices whose vendor, model or memory differ from their enrolment, in reported order. Devices that
     * were never enrolled are not changes (the record check refuses them on their own).
     */
    public static List<Change> changes(Map<String, EnrolledDevice> enrolled, Collection<DeviceInfo> reported) {
        List<Change> changes = new ArrayList<>();
        for (DeviceInfo d : reported) {
            EnrolledDevice e = enrolled.get(d.deviceKey());
            if (e == null) {
                continue;
            }
            String vendor = d.vendor() == null ? null : d.vendor().name();
            boolean memoryChanged = e.memoryMiB() != null && e.memoryMiB() != d.memoryMiB();
            if (!Objects.equals(e.vendor(), vendor) || !Objects.equals(e.model(), d.model()) || memoryChanged) {
                changes.add(new Change(d.deviceKey(), e.vendor(), e.model(), e.memoryMiB(), vendor, d.model(),
                        d.memoryMiB()));
            }
        }
        return changes;
    }
}
