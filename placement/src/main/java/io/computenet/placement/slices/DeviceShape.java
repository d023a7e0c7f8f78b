package io.computenet.placement.slices;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceKind;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.contracts.inventory.Vendor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable description of one device model: vendor, memory, compute and the slice profiles its node agent
 * attached ({@link DeviceInfo#sliceProfiles()}), with the lookup tables the arithmetic needs precomputed. Build one
 * per model and share it between the states of all devices of that model.
 *
 * <p>Which modes the device supports follows from its profile table: {@link DeviceMode#WHOLE} always; MIG, VNPU,
 * SMLU or SOFT when the table has a profile of that kind. Profile names must be unique; a table holds at most one
 * SMLU and one SOFT profile, which are unit profiles: their {@code memoryMiB} and {@code computeUnits} are the
 * memory step (SMLU 256 MiB, SOFT 1 MiB) and the compute step in percent, and their {@code maxInstances} is the
 * most shares one device may hold.
 *
 * <p>MIG tables whose every profile matches a row of {@link MigPlacement} (A100, H100, H200, B200 names, with a
 * {@code 7g} profile) get the memory-slot model: instances are placed on aligned slots. Other MIG-kind tables
 * (Cambricon MIM {@code mim-2m.8gb}, A30's 4-slot layout) are counted instead: each instance of a profile with
 * limit {@code m} takes {@code 1/m} of the device, instances may add up to the whole device, and their memory to
 * at most the device's memory.
 */
public final class DeviceShape {

    /** The compute units given to devices whose vendor has no compute unit of its own: percent. */
    public static final int PERCENT = 100;

    private static final Pattern MIG_NAME = Pattern.compile("(\\d+)g\\.(\\d+)gb(\\+[a-z.]+)?");
    private static final int MAX_WEIGHT_TOTAL = 1 << 20;

    private final Vendor vendor;
    private final String model;
    private final long memoryMiB;
    private final int computeUnits;
    private final long templateMemoryMiB;
    private final List<SliceProfile> profiles;

    private final SliceProfile[] table;
    private final Map<String, Integer> indexByName;
    private final boolean[] supported;
    private final boolean migSlotModel;
    private final MigPlacement[] migPlacements;
    private final int[] migWeights;
    private final int migWeightTotal;
    private final int smluIndex;
    private final int softIndex;
    private final long[] bestMemory;
    private final int[] bestCompute;
    private final int hash;

    private DeviceShape(Vendor vendor, String model, long memoryMiB, int computeUnits, long templateMemoryMiB,
                        List<SliceProfile> profiles) {
        if (vendor == null) {
            throw new IllegalArgumentException("vendor is required");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (memoryMiB <= 0) {
            throw new IllegalArgumentException(model + ": memoryMiB must be positive, was " + memoryMiB);
        }
        if (computeUnits <= 0) {
            throw new IllegalArgumentException(model + ": computeUnits must be positive, was " + computeUnits);
        }
        if (templateMemoryMiB <= 0) {
            throw new IllegalArgumentException(model + ": templateMemoryMiB must be positive, was "
                    + templateMemoryMiB);
        }
        if (profiles == null) {
            throw new IllegalArgumentException(model + ": profiles must not be null (use an empty list)");
        }
        for (SliceProfile p : profiles) {
            if (p == null) {
                throw new IllegalArgumentException(model + ": profiles must not contain null");
            }
        }
        this.vendor = vendor;
        this.model = model;
        this.memoryMiB = memoryMiB;
        this.computeUnits = computeUnits;
        this.templateMemoryMiB = templateMemoryMiB;
        this.profiles = List.copyOf(profiles);
        this.table = this.profiles.toArray(new SliceProfile[0]);

        Map<String, Integer> index = new HashMap<>();
        supported = new boolean[DeviceMode.values().length];
        supported[DeviceMode.WHOLE.ordinal()] = true;
        int smlu = -1;
        int soft = -1;
        for (int i = 0; i < table.length; i++) {
            SliceProfile p = table[i];
            validate(p);
            if (index.put(p.name(), i) != null) {
                throw new IllegalArgumentException(model + ": profile name " + p.name() + " appears twice");
            }
            supported[DeviceMode.of(p.kind()).ordinal()] = true;
            if (p.kind() == SliceKind.SMLU) {
                if (smlu >= 0) {
                    throw new IllegalArgumentException(model + ": more than one SMLU unit profile");
                }
                smlu = i;
            } else if (p.kind() == SliceKind.SOFT) {
                if (soft >= 0) {
                    throw new IllegalArgumentException(model + ": more than one SOFT unit profile");
                }
                soft = i;
            }
        }
        this.indexByName = Map.copyOf(index);
        this.smluIndex = smlu;
        this.softIndex = soft;

        this.migPlacements = deriveMigPlacements(table);
        this.migSlotModel = migPlacements != null;
        this.migWeights = new int[table.length];
        this.migWeightTotal = migSlotModel ? 0 : countedWeights(table, migWeights, model);
        this.bestMemory = new long[MigPlacement.ALL_SLOTS + 1];
        this.bestCompute = new int[MigPlacement.ALL_SLOTS + 1];
        if (migSlotModel) {
            fillBestPerFreeMask();
        }
        this.hash = Objects.hash(vendor, model, memoryMiB, computeUnits, templateMemoryMiB, this.profiles);
    }

    /**
     * A shape whose vNPU templates divide {@code memoryMiB} (use the six-argument form where the nominal template
     * memory differs from the device's usable memory).
     *
     * @param vendor       the vendor
     * @param model        normalised model name
     * @param memoryMiB    device memory in MiB (whole leases, SMLU and SOFT shares divide this)
     * @param computeUnits AI cores for Ascend; {@link #PERCENT} where the vendor has no unit vNPU templates count in
     * @param profiles     the device's slice profiles
     */
    public static DeviceShape of(Vendor vendor, String model, long memoryMiB, int computeUnits,
                                 List<SliceProfile> profiles) {
        return new DeviceShape(vendor, model, memoryMiB, computeUnits, memoryMiB, profiles);
    }

    /**
     * A shape with separate nominal memory for vNPU templates.
     *
     * @param templateMemoryMiB the memory vNPU templates add up to at most (Ascend's nominal capacity)
     * @see #of(Vendor, String, long, int, List)
     */
    public static DeviceShape of(Vendor vendor, String model, long memoryMiB, int computeUnits,
                                 long templateMemoryMiB, List<SliceProfile> profiles) {
        return new DeviceShape(vendor, model, memoryMiB, computeUnits, templateMemoryMiB, profiles);
    }

    /**
     * The shape of a device as a node agent reported it: its memory and profiles, plus the AI cores and nominal
     * template memory of known Ascend chips (see {@code AscendChip}); other devices get {@link #PERCENT} compute
     * units and their reported memory as template memory.
     */
    public static DeviceShape fromInventory(DeviceInfo device) {
        if (device == null) {
            throw new IllegalArgumentException("device is required");
        }
        AscendChip chip = device.vendor() == Vendor.HUAWEI_ASCEND ? AscendChip.forModel(device.model()) : null;
        if (chip != null) {
            return new DeviceShape(device.vendor(), device.model(), device.memoryMiB(), chip.aiCores,
                    chip.templateMemoryMiB, device.sliceProfiles());
        }
        return new DeviceShape(device.vendor(), device.model(), device.memoryMiB(), PERCENT, device.memoryMiB(),
                device.sliceProfiles());
    }

    private void validate(SliceProfile p) {
        if (p.kind() == null || p.name() == null || p.name().isBlank()) {
            throw new IllegalArgumentException(model + ": profile needs a kind and a name, was " + p);
        }
        if (p.memoryMiB() <= 0 || p.computeUnits() <= 0 || p.maxInstances() < 1) {
            throw new IllegalArgumentException(model + ": profile " + p.name()
                    + " needs positive memoryMiB, computeUnits and maxInstances, was " + p);
        }
    }

    /** Slot placements per profile index when every MIG profile matches the slot model; else null. */
    private static MigPlacement[] deriveMigPlacements(SliceProfile[] table) {
        int fullGb = -1;
        boolean anyMig = false;
        for (SliceProfile p : table) {
            if (p.kind() != SliceKind.MIG) {
                continue;
            }
            anyMig = true;
            Matcher m = MIG_NAME.matcher(p.name().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                return null;
            }
            if (Integer.parseInt(m.group(1)) == MigPlacement.COMPUTE_SLICES) {
                fullGb = Integer.parseInt(m.group(2));
            }
        }
        if (!anyMig || fullGb <= 0) {
            return null;
        }
        MigPlacement[] placements = new MigPlacement[table.length];
        for (int i = 0; i < table.length; i++) {
            if (table[i].kind() != SliceKind.MIG) {
                continue;
            }
            Matcher m = MIG_NAME.matcher(table[i].name().toLowerCase(Locale.ROOT));
            m.matches();
            int g = Integer.parseInt(m.group(1));
            int slots = (int) Math.round(MigPlacement.MEMORY_SLOTS * Integer.parseInt(m.group(2)) / (double) fullGb);
            placements[i] = MigPlacement.lookup(g, slots);
            if (placements[i] == null) {
                return null;
            }
        }
        return placements;
    }

    /** Weights {@code L / maxInstances} for counted MIG profiles, where L is the lcm of their limits; returns L. */
    private static int countedWeights(SliceProfile[] table, int[] weights, String model) {
        long lcm = 1;
        for (SliceProfile p : table) {
            if (p.kind() == SliceKind.MIG) {
                lcm = lcm / gcd(lcm, p.maxInstances()) * p.maxInstances();
                if (lcm > MAX_WEIGHT_TOTAL) {
                    throw new IllegalArgumentException(model + ": MIG instance limits are too irregular to count");
                }
            }
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i].kind() == SliceKind.MIG) {
                weights[i] = (int) (lcm / table[i].maxInstances());
            }
        }
        return (int) lcm;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * For every set of free slots, the most memory and (separately) the most compute slices that instances placed
     * in them could hold. A subset of a mask is numerically smaller, so ascending order fills subproblems first.
     */
    private void fillBestPerFreeMask() {
        for (int mask = 1; mask <= MigPlacement.ALL_SLOTS; mask++) {
            long memory = 0;
            int compute = 0;
            for (int i = 0; i < table.length; i++) {
                MigPlacement placement = migPlacements[i];
                if (placement == null) {
                    continue;
                }
                for (int start = 0; start < MigPlacement.MEMORY_SLOTS; start++) {
                    if (!placement.startsAt(start)) {
                        continue;
                    }
                    int slots = placement.slotsFrom(start);
                    if ((mask & slots) == slots) {
                        int rest = mask & ~slots;
                        memory = Math.max(memory, table[i].memoryMiB() + bestMemory[rest]);
                        compute = Math.max(compute, placement.computeSlices() + bestCompute[rest]);
                    }
                }
            }
            bestMemory[mask] = memory;
            bestCompute[mask] = compute;
        }
    }

    /** The vendor. */
    public Vendor vendor() {
        return vendor;
    }

    /** The normalised model name. */
    public String model() {
        return model;
    }

    /** Device memory in MiB: what a whole lease gets and what SMLU and SOFT shares divide. */
    public long memoryMiB() {
        return memoryMiB;
    }

    /** Compute units of the whole device: AI cores for Ascend, {@link #PERCENT} otherwise unless given. */
    public int computeUnits() {
        return computeUnits;
    }

    /** The memory vNPU templates add up to at most (Ascend's nominal capacity; else the device memory). */
    public long templateMemoryMiB() {
        return templateMemoryMiB;
    }

    /** The slice profiles, in the order the node agent reported them. */
    public List<SliceProfile> profiles() {
        return profiles;
    }

    /** Whether an empty device of this shape can be configured into {@code mode}; always true for EMPTY/WHOLE. */
    public boolean supports(DeviceMode mode) {
        return mode == DeviceMode.EMPTY || supported[mode.ordinal()];
    }

    /** Whether MIG instances are placed on memory slots ({@link MigPlacement}) rather than counted. */
    public boolean hasMigSlotModel() {
        return migSlotModel;
    }

    /** The profile of this kind and name, if the table has it. */
    public Optional<SliceProfile> profile(SliceKind kind, String name) {
        int i = index(kind, name);
        return i < 0 ? Optional.empty() : Optional.of(table[i]);
    }

    /** The slot placement of a MIG profile on a GPU with the slot model. */
    public Optional<MigPlacement> migPlacement(String profileName) {
        int i = index(SliceKind.MIG, profileName);
        return i < 0 || !migSlotModel ? Optional.empty() : Optional.of(migPlacements[i]);
    }

    /**
     * The fraction of the device's compute one instance of {@code profile} holds: compute slices / 7 for MIG with
     * the slot model, {@code 1 / maxInstances} for counted MIG, AI cores / chip cores for VNPU, and the step in
     * percent / 100 for the SMLU and SOFT unit profiles.
     *
     * @throws IllegalArgumentException when the profile is not in this shape's table
     */
    public double computeFraction(SliceProfile profile) {
        int i = profile == null ? -1 : index(profile.kind(), profile.name());
        if (i < 0 || !table[i].equals(profile)) {
            throw new IllegalArgumentException(profile + " is not a profile of " + model);
        }
        return computeFractionAt(i);
    }

    double computeFractionAt(int i) {
        SliceProfile p = table[i];
        return switch (p.kind()) {
            case MIG -> migSlotModel ? migPlacements[i].computeSlices() / (double) MigPlacement.COMPUTE_SLICES
                    : migWeights[i] / (double) migWeightTotal;
            case VNPU -> Math.min(1.0, p.computeUnits() / (double) computeUnits);
            case SMLU, SOFT -> Math.min(1.0, p.computeUnits() / (double) PERCENT);
        };
    }

    /** Index of the profile of this kind and name, or -1. Allocation-free. */
    int index(SliceKind kind, String name) {
        Integer i = name == null ? null : indexByName.get(name);
        return i == null || table[i].kind() != kind ? -1 : i;
    }

    /** Index of the SMLU or SOFT unit profile, or -1. */
    int unitIndex(SliceKind kind) {
        return kind == SliceKind.SMLU ? smluIndex : kind == SliceKind.SOFT ? softIndex : -1;
    }

    SliceProfile profileAt(int i) {
        return table[i];
    }

    int profileCount() {
        return table.length;
    }

    MigPlacement migPlacementAt(int i) {
        return migPlacements[i];
    }

    int migWeight(int i) {
        return migWeights[i];
    }

    int migWeightTotal() {
        return migWeightTotal;
    }

    long bestMemory(int freeMask) {
        return bestMemory[freeMask];
    }

    int bestCompute(int freeMask) {
        return bestCompute[freeMask];
    }

    /** Names of the profiles of {@code kind}, for messages. */
    List<String> names(SliceKind kind) {
        List<String> names = new ArrayList<>();
        for (SliceProfile p : table) {
            if (p.kind() == kind) {
                names.add(p.name());
            }
        }
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof DeviceShape other && hash == other.hash && vendor == other.vendor
                && memoryMiB == other.memoryMiB && computeUnits == other.computeUnits
                && templateMemoryMiB == other.templateMemoryMiB && model.equals(other.model)
                && profiles.equals(other.profiles);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (SliceProfile p : table) {
            names.add(p.name());
        }
        return "DeviceShape[" + vendor + " " + model + ", " + memoryMiB + " MiB, " + computeUnits
                + " compute units, profiles " + names + "]";
    }
}
