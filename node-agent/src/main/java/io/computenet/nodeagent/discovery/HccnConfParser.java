package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceInfo;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Ascend host's {@code /etc/hccn.conf}, where {@code hccn_tool} keeps the network settings of each NPU's
 * own RoCE port: lines {@code key_<deviceId>=value} such as {@code address_0=192.168.100.101},
 * {@code netmask_0=255.255.255.0}, {@code netdetect_0=...}, {@code gateway_0=...}. Only the addresses matter here
 * (the HCCL rank table's {@code device_ip}); the other keys are skipped. Blank lines and {@code #} comments are
 * allowed. A line that is not {@code key=value}, an {@code address_} key whose device id is no number, an address
 * that is no IPv4 address, or a device given two addresses is a {@link DiscoveryParseException} naming the line. Pure.
 */
public final class HccnConfParser {

    static final String TOOL = "hccn.conf";
    private static final String ADDRESS = "address_";

    private HccnConfParser() {
    }

    /** Each device id's address, by device id. */
    public static Map<Integer, String> addresses(String text) {
        Map<Integer, String> addresses = new TreeMap<>();
        for (SourceLine line : SourceLine.split(TOOL, text)) {
            String content = line.trimmed();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            int eq = content.indexOf('=');
            if (eq <= 0) {
                throw line.error("expected key_<device id>=value");
            }
            String key = content.substring(0, eq).strip();
            if (!key.startsWith(ADDRESS)) {
                continue;
            }
            String id = key.substring(ADDRESS.length());
            if (id.isEmpty() || id.length() > 4 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw line.error("the device id of " + key + " is not a number");
            }
            String address = content.substring(eq + 1).strip();
            if (!DeviceInfo.isIpv4Address(address)) {
                throw line.error("not an IPv4 address");
            }
            if (addresses.putIfAbsent(Integer.parseInt(id), address) != null) {
                throw line.error("device " + Integer.parseInt(id) + " has an address already");
            }
        }
        return addresses;
    }
}
