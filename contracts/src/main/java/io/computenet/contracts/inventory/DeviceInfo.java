package io.computenet.contracts.inventory;

import java.util.List;

/**
 * One accelerator as reported by a node agent. Nullable fields are null when the vendor tool does not report them.
 *
 * @param vendor          device vendor
 * @param model           normalised model name, e.g. {@code H100 80GB HBM3}, {@code Ascend910B3}, {@code MLU370-X8}
 * @param uuid            vendor uuid, nullable
 * @param serial          serial number, nullable
 * @param index           the tool's device index / NPU id / card number
 * @param chipId          Ascend chip id on the card, else null
 * @param busId           PCI bus id in upper case ({@code 0000:C1:00.0}); null when the tool says NA
 * @param memoryMiB       total device memory in MiB
 * @param memoryUsedMiB   memory in use, nullable
 * @param utilizationPct  compute utilisation, nullable
 * @param temperatureC    temperature, nullable
 * @param powerW          power draw, nullable
 * @param health          health level
 * @param driverVersion   driver version, nullable
 * @param firmwareVersion firmware version, nullable
 * @param toolkit         {@code CUDA}, {@code CANN} or {@code NeuWare}, nullable
 * @param toolkitVersion  toolkit version, nullable
 * @param sliceProfiles   slice profiles the device supports, never null
 * @param migMode         NVIDIA: the GPU's MIG mode; null for other vendors, GPUs without MIG, or when not reported
 *                        (records written before this field read as null)
 * @param migInstances    NVIDIA with MIG enabled: the GPU instances that exist ({@code nvidia-smi mig -lgi}); empty
 *                        when MIG is disabled; null when not known (other vendors, not reported, no permission)
 * @param deviceIp        Ascend: the address of the device's own RoCE port ({@code address_<id>} in the host's
 *                        {@code /etc/hccn.conf}), which the HCCL rank table names; null for other vendors or when not
 *                        configured (records written before this field read as null)
 */
public record DeviceInfo(
        Vendor vendor,
        String model,
        String uuid,
        String serial,
        int index,
        Integer chipId,
        String busId,
        long memoryMiB,
        Long memoryUsedMiB,
        Double utilizationPct,
        Double temperatureC,
        Double powerW,
        DeviceHealth health,
        String driverVersion,
        String firmwareVersion,
        String toolkit,
        String toolkitVersion,
        List<SliceProfile> sliceProfiles,
        MigMode migMode,
        List<MigInstance> migInstances,
        String deviceIp) {

    public DeviceInfo {
        sliceProfiles = sliceProfiles == null ? List.of() : List.copyOf(sliceProfiles);
        migInstances = migInstances == null ? null : List.copyOf(migInstances);
    }

    /** A device without a device address (every vendor but Ascend, or an Ascend device without one configured). */
    public DeviceInfo(Vendor vendor, String model, String uuid, String serial, int index, Integer chipId, String busId,
                      long memoryMiB, Long memoryUsedMiB, Double utilizationPct, Double temperatureC, Double powerW,
                      DeviceHealth health, String driverVersion, String firmwareVersion, String toolkit,
                      String toolkitVersion, List<SliceProfile> sliceProfiles, MigMode migMode,
                      List<MigInstance> migInstances) {
        this(vendor, model, uuid, serial, index, chipId, busId, memoryMiB, memoryUsedMiB, utilizationPct,
                temperatureC, powerW, health, driverVersion, firmwareVersion, toolkit, toolkitVersion, sliceProfiles,
                migMode, migInstances, null);
    }

    /** A device without MIG state (other vendors, or a GPU whose MIG mode is not known). */
    public DeviceInfo(Vendor vendor, String model, String uuid, String serial, int index, Integer chipId, String busId,
                      long memoryMiB, Long memoryUsedMiB, Double utilizationPct, Double temperatureC, Double powerW,
                      DeviceHealth health, String driverVersion, String firmwareVersion, String toolkit,
                      String toolkitVersion, List<SliceProfile> sliceProfiles) {
        this(vendor, model, uuid, serial, index, chipId, busId, memoryMiB, memoryUsedMiB, utilizationPct,
                temperatureC, powerW, health, driverVersion, firmwareVersion, toolkit, toolkitVersion, sliceProfiles,
                null, null);
    }

    /**
     * This device without its readings (memory in use, utilisation, temperature, power and health, which heartbeats
     * refresh): what the device is and offers, not how it is doing. Two samples of a device whose identity, memory,
     * versions, slice table, MIG state (mode, GPU instances) and device address did not change have equal shapes, so
     * a node agent can tell when its inventory changed.
     */
    public DeviceInfo shape() {
        return new DeviceInfo(vendor, model, uuid, serial, index, chipId, busId, memoryMiB, null, null, null, null,
                null, driverVersion, firmwareVersion, toolkit, toolkitVersion, sliceProfiles, migMode, migInstances,
                deviceIp);
    }

    /** This device with {@code toolkitVersion} set. */
    public DeviceInfo withToolkitVersion(String version) {
        return new DeviceInfo(vendor, model, uuid, serial, index, chipId, busId, memoryMiB, memoryUsedMiB,
                utilizationPct, temperatureC, powerW, health, driverVersion, firmwareVersion, toolkit, version,
                sliceProfiles, migMode, migInstances, deviceIp);
    }

    /** This device with {@code deviceIp} set. */
    public DeviceInfo withDeviceIp(String ip) {
        return new DeviceInfo(vendor, model, uuid, serial, index, chipId, busId, memoryMiB, memoryUsedMiB,
                utilizationPct, temperatureC, powerW, health, driverVersion, firmwareVersion, toolkit, toolkitVersion,
                sliceProfiles, migMode, migInstances, ip);
    }

    /** Whether {@code text} is a dotted-quad IPv4 address ({@code 192.168.100.101}), the form a device address has. */
    public static boolean isIpv4Address(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stable id of the device within its node: the uuid where the tool gives one, else vendor, index and chip.
     */
    public String deviceKey() {
        if (uuid != null && !uuid.isBlank()) {
            return uuid;
        }
        return vendor.name().toLowerCase() + "-" + index + (chipId == null ? "" : "-" + chipId);
    }
}
