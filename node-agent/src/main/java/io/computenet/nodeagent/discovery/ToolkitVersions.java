package io.computenet.nodeagent.discovery;

import io.computenet.contracts.inventory.DeviceInfo;
import io.computenet.contracts.inventory.Vendor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the toolkit version of each vendor present on this node and sets it on that vendor's devices: CUDA from the
 * {@code nvidia-smi} header (the newest CUDA the driver runs), CANN from the Ascend toolkit installed on the host
 * ({@code ascend_toolkit_install.info}, else {@code version.cfg}), NeuWare from {@code /usr/local/neuware/version.txt}.
 * A toolkit that is not installed on the host (it often lives only in the workload images) gives null; text that
 * is there but damaged is a {@link DiscoveryParseException} like any other tool output.
 */
public final class ToolkitVersions {

    private final Path root;
    private final Map<String, String> env;
    private final Function<String[], Optional<String>> tools;

    /** The host's files under {@code /}, its environment and its tools. */
    public ToolkitVersions() {
        this(Path.of("/"), System.getenv(), NodeDiscovery::run);
    }

    /**
     * @param root  where the host's file system is (a test passes a temporary directory)
     * @param env   the environment ({@code ASCEND_TOOLKIT_HOME}, {@code NEUWARE_HOME} move the toolkits)
     * @param tools runs a command and gives its output, empty when it is not installed
     */
    ToolkitVersions(Path root, Map<String, String> env, Function<String[], Optional<String>> tools) {
        this.root = root;
        this.env = env;
        this.tools = tools;
    }

    /** The devices with the toolkit version of their vendor set, where one was found. */
    public List<DeviceInfo> apply(List<DeviceInfo> devices) {
        String cuda = has(devices, Vendor.NVIDIA) ? cuda() : null;
        String cann = has(devices, Vendor.HUAWEI_ASCEND) ? cann() : null;
        String neuware = has(devices, Vendor.CAMBRICON) ? neuware() : null;
        List<DeviceInfo> result = new ArrayList<>(devices.size());
        for (DeviceInfo d : devices) {
            String version = switch (d.vendor()) {
                case NVIDIA -> cuda;
                case HUAWEI_ASCEND -> cann;
                case CAMBRICON -> neuware;
            };
            result.add(version == null ? d : d.withToolkitVersion(version));
        }
        return result;
    }

    String cuda() {
        return tools.apply(new String[] {"nvidia-smi"}).map(ToolkitVersionParser::cuda).orElse(null);
    }

    String cann() {
        List<String> homes = new ArrayList<>();
        Optional.ofNullable(env.get("ASCEND_TOOLKIT_HOME")).filter(h -> !h.isBlank()).ifPresent(homes::add);
        homes.add("/usr/local/Ascend/ascend-toolkit/latest");
        homes.add("/usr/local/Ascend/cann"); // CANN 8.5 and later install here
        for (String home : homes) {
            for (String arch : List.of("x86_64-linux", "aarch64-linux")) {
                Optional<String> info = read(home + "/" + arch + "/ascend_toolkit_install.info");
                if (info.isPresent()) {
                    return ToolkitVersionParser.cannInstallInfo(info.get());
                }
            }
            Optional<String> cfg = read(home + "/version.cfg");
            if (cfg.isPresent()) {
                return ToolkitVersionParser.cannVersionCfg(cfg.get());
            }
        }
        return null;
    }

    String neuware() {
        List<String> homes = new ArrayList<>();
        Optional.ofNullable(env.get("NEUWARE_HOME")).filter(h -> !h.isBlank()).ifPresent(homes::add);
        homes.add("/usr/local/neuware");
        for (String home : homes) {
            Optional<String> text = read(home + "/version.txt");
            if (text.isPresent()) {
                return ToolkitVersionParser.neuware(text.get());
            }
        }
        return null;
    }

    private static boolean has(List<DeviceInfo> devices, Vendor vendor) {
        return devices.stream().anyMatch(d -> d.vendor() == vendor);
    }

    /** A file under the root, empty when it is not there. */
    private Optional<String> read(String absolute) {
        Path p = root.resolve(absolute.substring(1));
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (!Files.exists(p)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("cannot read " + absolute, e);
        }
    }
}
