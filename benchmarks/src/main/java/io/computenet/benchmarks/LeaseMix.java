package io.computenet.benchmarks;

import java.util.List;

/**
 * The lease requests {@link LeaseLoadHarness} sends, in a fixed cycle of eight shapes so that every run asks the
 * same: single devices (the first may be served by a slice: a MIG instance, vNPU or share), whole devices only, 2, 4
 * and 8 devices, with and without a region or vendor, the three workload classes. Every request is for 60 minutes
 * and {@code maxWaitMinutes: 0}: one that does not fit now is refused at once (409) rather than queued, so the
 * harness measures the request path only. The simulated fleet ({@code FleetSimulator}: H100, A100, Ascend 910B3,
 * MLU370-X8, RTX 4090, Ascend 310P3) can hold every shape.
 */
final class LeaseMix {

    /** One request shape; null fields are left out of the body. */
    record Shape(int memoryGiB, int deviceCount, String region, String vendor, String workloadClass, String sharing) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape(40, 1, null, null, "INFERENCE", null),
            new Shape(64, 1, null, null, "INFERENCE", "WHOLE"),
            new Shape(16, 2, "cn-west-nm", null, "TRAINING", null),
            new Shape(32, 4, null, null, "TRAINING", null),
            new Shape(60, 8, null, null, "TRAINING", null),
            new Shape(20, 1, null, "HUAWEI_ASCEND", "INFERENCE", null),
            new Shape(10, 1, "cn-east-yrd", null, "INFERENCE", null),
            new Shape(24, 1, null, null, "BATCH", "WHOLE"));

    private LeaseMix() {
    }

    /** The JSON body of the {@code i}-th request ({@code POST /internal/v1/leases}) for {@code tenant}. */
    static String body(long i, String tenant) {
        Shape s = SHAPES.get((int) (i % SHAPES.size()));
        StringBuilder b = new StringBuilder(200).append("{\"tenantId\":\"").append(tenant)
                .append("\",\"memoryGiB\":").append(s.memoryGiB())
                .append(",\"deviceCount\":").append(s.deviceCount())
                .append(",\"durationMinutes\":60,\"maxWaitMinutes\":0");
        field(b, "region", s.region());
        field(b, "vendor", s.vendor());
        field(b, "workloadClass", s.workloadClass());
        field(b, "sharing", s.sharing());
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":\"").append(value).append('"');
        }
    }

    /**
     * The lease id in a create answer ({@code "leaseId":"ls-..."}), or null; a plain scan, so the clients spend
     * their CPU on requests rather than on JSON.
     */
    static String leaseId(String json) {
        int key = json.indexOf("\"leaseId\"");
        if (key < 0) {
            return null;
        }
        int open = json.indexOf('"', json.indexOf(':', key) + 1);
        int close = open < 0 ? -1 : json.indexOf('"', open + 1);
        return close < 0 ? null : json.substring(open + 1, close);
    }
}
