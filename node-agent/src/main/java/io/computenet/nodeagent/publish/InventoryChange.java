package io.computenet.nodeagent.publish;

import io.computenet.contracts.inventory.DeviceInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a node's devices changed in a way its inventory must tell: a device appeared or disappeared, or one
 * changed its identity or shape (model, bus id, total memory, driver, firmware or toolkit version, slice table,
 * MIG state; see {@link DeviceInfo#shape()}). Readings (memory in use, utilisation, temperature, power, health) are
 * not a change: heartbeats carry them. Pure.
 *
 * @param appeared device keys listed now and not before
 * @param gone     device keys listed before and not now
 * @param changed  device keys listed both times with another shape
 */
public record InventoryChange(List<String> appeared, List<String> gone, List<String> changed) {

    public InventoryChange {
        appeared = List.copyOf(appeared);
        gone = List.copyOf(gone);
        changed = List.copyOf(changed);
    }

    /** What changed from the {@code published} inventory to the {@code fresh} sample, compared by device key. */
    public static InventoryChange between(List<DeviceInfo> published, List<DeviceInfo> fresh) {
        Map<String, DeviceInfo> before = shapes(published);
        Map<String, DeviceInfo> now = shapes(fresh);
        List<String> appeared = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        now.forEach((key, shape) -> {
            DeviceInfo old = before.get(key);
            if (old == null) {
                appeared.add(key);
            } else if (!old.equals(shape)) {
                changed.add(key);
            }
        });
        List<String> gone = before.keySet().stream().filter(k -> !now.containsKey(k)).toList();
        return new InventoryChange(appeared, gone, changed);
    }

    public boolean any() {
        return !appeared.isEmpty() || !gone.isEmpty() || !changed.isEmpty();
    }

    @Override
    public String toString() {
        return "appeared " + appeared + ", gone " + gone + ", changed " + changed;
    }

    private static Map<String, DeviceInfo> shapes(List<DeviceInfo> devices) {
        Map<String, DeviceInfo> byKey = new LinkedHashMap<>();
        for (DeviceInfo d : devices) {
            byKey.put(d.deviceKey(), d.shape());
        }
        return byKey;
    }
}
