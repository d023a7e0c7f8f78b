package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Sets each Ascend device's own network address ({@code deviceIp}, which the HCCL rank table needs) from the host's
 * {@code hccn.conf} ({@link HccnConfParser}). {@code npu-smi info} does not print it. The file's device ids are the
 * logical ids of the chips: the Ascend chips in NPU id, then chip id order, numbered from 0 (on 910 series boards,
 * one chip per NPU, the NPU id itself). A host without the file, or without Ascend devices, gets no addresses; a
 * file that cannot be read or parsed leaves the addresses out with a warning naming the file and line, so discovery
 * never fails over it.
 */
public final class DeviceAddresses {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DeviceAddresses.class);

    private static final Comparator<DeviceInfo> LOGICAL_ORDER = Comparator.comparingInt(DeviceInfo::index)
            .thenComparing(d -> d.chipId() == null ? 0 : d.chipId());

    private DeviceAddresses() {
    }

    /** The devices with the addresses {@code hccnConf} gives the Ascend ones (unchanged when it is absent or bad). */
    public static List<DeviceInfo> fromFile(List<DeviceInfo> devices, Path hccnConf) {
        if (devices.stream().noneMatch(d -> d.vendor() == Vendor.HUAWEI_ASCEND)) {
            return devices;
        }
        String text;
        try {
            text = Files.readString(hccnConf, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return devices;
        } catch (IOException e) {
            LOG.warnf("cannot read %s (%s): the Ascend devices' addresses are left out", hccnConf, e.getMessage());
            return devices;
        }
        try {
            return apply(devices, HccnConfParser.addresses(text));
        } catch (DiscoveryParseException e) {
            LOG.warnf("%s: %s; the Ascend devices' addresses are left out", hccnConf, e.getMessage());
            return devices;
        }
    }

    /** The devices with each Ascend chip's address by its logical id; other devices, and chips without one, as they are. */
    public static List<DeviceInfo> apply(List<DeviceInfo> devices, Map<Integer, String> byLogicalId) {
        List<DeviceInfo> ascend = devices.stream().filter(d -> d.vendor() == Vendor.HUAWEI_ASCEND)
                .sorted(LOGICAL_ORDER).toList();
        List<DeviceInfo> result = new ArrayList<>(devices.size());
        for (DeviceInfo d : devices) {
            int logicalId = d.vendor() == Vendor.HUAWEI_ASCEND ? ascend.indexOf(d) : -1;
            String address = logicalId < 0 ? null : byLogicalId.get(logicalId);
            result.add(address == null ? d : d.withDeviceIp(address));
        }
        return result;
    }
}
