package io.computenet.placement;

import io.computenet.contracts.inventory.Vendor;

/**
 * One whole device as the planner sees it.
 *
 * @param deviceKey stable id of the device within its node
 * @param free      whether no lease holds it and it is healthy
 */
public record DeviceSlot(String deviceKey, Vendor vendor, String model, long memoryMiB, boolean free) {

    public DeviceSlot withFree(boolean isFree) {
        return isFree == free ? this : new DeviceSlot(deviceKey, vendor, model, memoryMiB, isFree);
    }
}
