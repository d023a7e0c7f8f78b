package io.computenet.simulator;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.WorkloadClass;
import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.TaskShape;
import io.computenet.simulator.Fleet.GpuModel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a request mix from lease requests in the scheduler's internal JSON ({@code LeaseRequest}, version 1: the
 * body the portal forwards), one per line (JSON Lines) or as a JSON array, with a few fields of the simulator's own.
 *
 * <p>Mapping onto the placement core's {@link GpuTask}:
 * <ul>
 *   <li>{@code deviceCount} (1..16, required) GPUs. Whole GPUs unless the request has {@code computePct} (1..100),
 *       which makes a one-device request a share of {@code computePct × 10} milli of one GPU; a share of several
 *       GPUs is bad input, as in the CSV.</li>
 *   <li>{@code memoryGiB} (0.25..1024, required) is device memory per GPU, as in the scheduler's planner; the core
 *       has no device memory, so it becomes a model constraint: the fleet's models whose devices all have at least
 *       that much. It never becomes a share (the same request would be a different share of each model).</li>
 *   <li>{@code vendor} narrows the models to that vendor's, {@code model} ({@code A|B}, like the CSV's
 *       {@code gpu_spec}) to those named. When every model of the fleet remains, the task takes any model; when
 *       none does, the task can never be placed and is counted failed.</li>
 *   <li>{@code cpuMilli} and {@code hostMemoryMiB}: host CPU and memory, default 0. {@code count} (default 1)
 *       repeats the request, for a request mix.</li>
 *   <li>{@code region} is not modelled by the core and is ignored (a note says how often); {@code workloadClass}
 *       (checked against its values) and {@code tenantId}, {@code durationMinutes}, {@code image},
 *       {@code command}, {@code priority}, {@code maxWaitMinutes} and {@code interruptible} do not affect placement
 *       and are ignored. Any other field is an error.</li>
 * </ul>
 * With a CSV node file the fleet has no vendor or device memory: {@code memoryGiB} and {@code vendor} then cannot be
 * checked and are ignored (said in a note); {@code model} still applies.
 */
public final class LeaseRequestJson {

    /** The fields of {@code io.computenet.scheduler.lease.LeaseRequest} (scheduler module; not a dependency here). */
    static final Set<String> LEASE_REQUEST_FIELDS = Set.of("tenantId", "memoryGiB", "deviceCount", "region", "vendor",
            "workloadClass", "durationMinutes", "image", "command", "priority", "maxWaitMinutes", "interruptible");
    /** The simulator's own fields. */
    static final Set<String> EXTRA_FIELDS = Set.of("count", "computePct", "model", "cpuMilli", "hostMemoryMiB");
    /** Bound of the tasks one file may expand to (after {@code count}). */
    static final int MAX_TASKS = 1_000_000;
    /** The constraint of a request no model of the fleet can serve: names a model no node has. */
    static final ModelConstraint NO_MODEL = new ModelConstraint("none", Set.of("(no model of the fleet)"));

    private static final Set<String> FIELDS;
    private static final BigDecimal MIN_GIB = new BigDecimal("0.25");
    private static final BigDecimal MAX_GIB = BigDecimal.valueOf(1024);

    static {
        Set<String> all = new TreeSet<>(LEASE_REQUEST_FIELDS);
        all.addAll(EXTRA_FIELDS);
        FIELDS = Set.copyOf(all);
    }

    private LeaseRequestJson() {
    }

    /** The tasks of a request file, and notes about what was ignored or cannot be placed. */
    public record Requests(List<GpuTask> tasks, List<String> notes) {
        public Requests {
            tasks = List.copyOf(tasks);
            notes = List.copyOf(notes);
        }
    }

    public static Requests parse(String source, String text, Fleet fleet) {
        List<JsonRecords.Entry> records = JsonRecords.read(source, text);
        List<Mapped> mapped = new ArrayList<>(records.size());
        long total = 0;
        int withRegion = 0;
        int unplaceable = 0;
        int unplaceableTasks = 0;
        for (JsonRecords.Entry r : records) {
            r.onlyFields(FIELDS, "a lease request");
            int devices = (int) r.whole("deviceCount", 1, 16);
            BigDecimal gib = r.decimal("memoryGiB");
            if (gib.compareTo(MIN_GIB) < 0 || gib.compareTo(MAX_GIB) > 0) {
                throw r.error("memoryGiB must be within 0.25..1024, was " + gib.toPlainString());
            }
            long memoryMiB = gib.multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.CEILING).longValue();
            Vendor vendor = r.optionalEnum("vendor", Vendor.class);
            r.optionalEnum("workloadClass", WorkloadClass.class); // not modelled, but a bad value is bad input
            ModelConstraint named = ModelConstraint.parse(r.optionalText("model"));
            if (r.optionalText("region") != null) {
                withRegion++;
            }
            int pct = (int) r.whole("computePct", 1, 100, 100);
            if (devices > 1 && pct < 100) {
                throw r.error("computePct " + pct + " with deviceCount " + devices
                        + ": a share can only be of one GPU (several GPUs are taken whole)");
            }
            long cpu = r.whole("cpuMilli", 0, InventoryJson.MAX_HOST, 0);
            long hostMemory = r.whole("hostMemoryMiB", 0, InventoryJson.MAX_HOST, 0);
            int count = (int) r.whole("count", 1, MAX_TASKS, 1);
            total += count;
            if (total > MAX_TASKS) {
                throw r.error("the request mix passes " + MAX_TASKS + " tasks; lower the counts (the load tuning "
                        + "repeats tasks anyway: counts are proportions)");
            }
            ModelConstraint models = constraint(fleet, vendor, memoryMiB, named);
            if (models == NO_MODEL) {
                unplaceable++;
                unplaceableTasks += count;
            }
            mapped.add(new Mapped(new TaskShape(cpu, pct * 10, devices, models), hostMemory, count));
        }
        // checked in full before any copy is made: a bad last line fails at once, not after a million copies
        List<GpuTask> tasks = new ArrayList<>((int) total);
        for (int i = 0; i < mapped.size(); i++) {
            Mapped m = mapped.get(i);
            for (int copy = 0; copy < m.count(); copy++) {
                // zero-padded: sorting by name (the replay's first step) keeps the file order
                String name = String.format(Locale.ROOT, "req%07d-%07d", i, copy);
                tasks.add(new GpuTask(name, m.shape(), m.hostMemoryMiB()));
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "tasks %s: %d lease request(s) -> %d task(s)", source, records.size(),
                tasks.size()));
        if (!fleet.describesDevices()) {
            notes.add("memoryGiB and vendor are not checked: the node file is CSV, which gives no device memory or "
                    + "vendor (model still applies)");
        }
        if (unplaceable > 0) {
            notes.add(String.format(Locale.ROOT, "%d lease request(s) (%d task(s)) fit no GPU model of the fleet "
                    + "(memoryGiB, vendor, model): they will fail", unplaceable, unplaceableTasks));
        }
        if (withRegion > 0) {
            notes.add(withRegion + " lease request(s) name a region: ignored, the placement core has no regions "
                    + "(replay one region's nodes to plan for it)");
        }
        return new Requests(tasks, notes);
    }

    private record Mapped(TaskShape shape, long hostMemoryMiB, int count) {
    }

    /**
     * The models a request may use: those of the fleet with the vendor, at least {@code memoryMiB} per device, and
     * named by {@code named} (any when empty). {@link ModelConstraint#ANY} when that is every model of the fleet,
     * {@link #NO_MODEL} when it is none. A fleet without device data (CSV) only applies {@code named}.
     */
    static ModelConstraint constraint(Fleet fleet, Vendor vendor, long memoryMiB, ModelConstraint named) {
        if (!fleet.describesDevices()) {
            return named;
        }
        Set<String> allowed = new TreeSet<>();
        for (GpuModel m : fleet.models().values()) {
            if ((vendor == null || vendor == m.vendor()) && m.memoryMiB() >= memoryMiB && named.allows(m.name())) {
                allowed.add(m.name());
            }
        }
        if (allowed.isEmpty()) {
            return NO_MODEL;
        }
        if (allowed.size() == fleet.models().size()) {
            return ModelConstraint.ANY;
        }
        return new ModelConstraint(String.join("|", allowed), allowed);
    }
}
