package io.computenet.benchmarks;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.SliceProfile;
import io.computenet.nodeagent.discovery.CnmonInfoParser;
import io.computenet.nodeagent.discovery.CnmonParser;
import io.computenet.nodeagent.discovery.MigProfileParser;
import io.computenet.nodeagent.discovery.NpuSmiInfoParser;
import io.computenet.nodeagent.discovery.NvidiaSmiCsvParser;
import io.computenet.nodeagent.discovery.SliceCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.computenet.benchmarks.ParserInputs.DEVICES;

/**
 * How long the node agent's parsers take to read one discovery pass of a 16-device host: the text a vendor
 * tool prints goes in, the devices the agent advertises come out. Inputs are generated once per trial in the
 * fixtures' layouts (see {@link ParserInputs}); {@link #setUp()} parses each once and fails the trial unless it
 * yields 16 devices, so a benchmark can never silently time an error path.
 *
 * <p>AverageTime gives the mean; SampleTime gives percentiles (p50, p99, ...). Settings here are the defaults;
 * the command line ({@code -wi -i -w -r -f}) overrides them.</p>
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class VendorParserBenchmark {

    private String nvidiaSmiCsv;
    private String migTable;
    private String npuSmiInfo;
    private String cnmon;
    private String cnmonInfo;

    private NvidiaSmiCsvParser nvidiaParser;
    private MigProfileParser migParser;
    private NpuSmiInfoParser npuParser;
    private CnmonParser cnmonParser;
    private CnmonInfoParser cnmonInfoParser;

    @Setup(Level.Trial)
    public void setUp() {
        SliceCatalog catalog = new SliceCatalog();
        nvidiaParser = new NvidiaSmiCsvParser(catalog);
        migParser = new MigProfileParser();
        npuParser = new NpuSmiInfoParser(catalog);
        cnmonParser = new CnmonParser(catalog);
        cnmonInfoParser = new CnmonInfoParser(catalog);

        nvidiaSmiCsv = ParserInputs.nvidiaSmiCsv(ParserInputs.h100Gpus(DEVICES));
        migTable = ParserInputs.migLgip(ParserInputs.gpuIndexes(DEVICES), ParserInputs.H100_80GB_PROFILES);
        List<ParserInputs.Npu> npus = ParserInputs.ascend910b3(DEVICES);
        npuSmiInfo = ParserInputs.npuSmiInfo("23.0.7", npus, ParserInputs.ascend910b3Processes(npus));
        cnmon = ParserInputs.cnmon("v5.10.13", ParserInputs.mlu370x8(DEVICES));
        cnmonInfo = ParserInputs.cnmonInfo(ParserInputs.mlu370x8Info(DEVICES));

        requireDevices("nvidia-smi CSV", nvidiaSmiCsv(), "H100 80GB HBM3");
        requireMigTable(nvidiaSmiMigLgip());
        List<DeviceInfo> withMig = nvidiaSmiCsvWithMigProfiles();
        requireDevices("nvidia-smi CSV + mig -lgip", withMig, "H100 80GB HBM3");
        if (withMig.stream().anyMatch(d -> d.sliceProfiles().stream().noneMatch(s -> s.name().equals("1g.10gb+me")))) {
            throw new IllegalStateException("nvidia-smi CSV + mig -lgip: a GPU lacks its reported MIG profiles");
        }
        requireDevices("npu-smi info", npuSmiInfo(), "Ascend910B3");
        requireDevices("cnmon", cnmon(), "MLU370-X8");
        requireDevices("cnmon info", cnmonInfo(), "MLU370-X8");
    }

    /** {@code nvidia-smi --query-gpu=<the agent's 10 fields> --format=csv}, 16 GPUs, MIG profiles from the catalog. */
    @Benchmark
    public List<DeviceInfo> nvidiaSmiCsv() {
        return nvidiaParser.parse(nvidiaSmiCsv);
    }

    /** {@code nvidia-smi mig -lgip}, the full table: 16 GPUs x 7 profiles, two lines and a border each. */
    @Benchmark
    public Map<Integer, List<SliceProfile>> nvidiaSmiMigLgip() {
        return migParser.parse(migTable);
    }

    /** The agent's NVIDIA pass: parse the {@code -lgip} table, then the CSV with those profiles attached. */
    @Benchmark
    public List<DeviceInfo> nvidiaSmiCsvWithMigProfiles() {
        return nvidiaParser.parse(nvidiaSmiCsv, migParser.parse(migTable));
    }

    /** {@code npu-smi info}, 16 Ascend 910B3 chips plus the process table. */
    @Benchmark
    public List<DeviceInfo> npuSmiInfo() {
        return npuParser.parse(npuSmiInfo);
    }

    /** Plain {@code cnmon}, 16 MLU370-X8 cards. */
    @Benchmark
    public List<DeviceInfo> cnmon() {
        return cnmonParser.parse(cnmon);
    }

    /** {@code cnmon info}, 16 MLU370-X8 cards. */
    @Benchmark
    public List<DeviceInfo> cnmonInfo() {
        return cnmonInfoParser.parse(cnmonInfo);
    }

    private static void requireDevices(String what, List<DeviceInfo> devices, String model) {
        if (devices.size() != DEVICES) {
            throw new IllegalStateException(what + ": expected " + DEVICES + " devices but the parser returned "
                    + devices.size());
        }
        Set<Integer> indexes = new HashSet<>();
        for (DeviceInfo d : devices) {
            if (!model.equals(d.model()) || d.memoryMiB() <= 0 || !indexes.add(d.index())) {
                throw new IllegalStateException(what + ": unexpected device " + d);
            }
        }
    }

    private static void requireMigTable(Map<Integer, List<SliceProfile>> profiles) {
        if (profiles.size() != DEVICES) {
            throw new IllegalStateException("nvidia-smi mig -lgip: expected profiles for " + DEVICES
                    + " GPUs but the parser returned " + profiles.size());
        }
        profiles.forEach((gpu, list) -> {
            if (list.size() != ParserInputs.H100_80GB_PROFILES.size()) {
                throw new IllegalStateException("nvidia-smi mig -lgip: GPU " + gpu + " has " + list.size()
                        + " profiles, expected " + ParserInputs.H100_80GB_PROFILES.size());
            }
        });
    }
}
