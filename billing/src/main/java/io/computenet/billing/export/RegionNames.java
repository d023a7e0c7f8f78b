package io.computenet.billing.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Display names of regions for exports (FOCUS RegionName), read from {@code region-names.properties} in UTF-8: the
 * hub's Chinese name and its English one. A region without an entry is named by its id, so RegionName is never null
 * where RegionId is set.
 */
public final class RegionNames {

    private final Map<String, String> names;

    public RegionNames(Map<String, String> names) {
        this.names = Map.copyOf(names);
    }

    public static RegionNames load() {
        try (InputStream in = RegionNames.class.getResourceAsStream("/region-names.properties");
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            return new RegionNames(p.stringPropertyNames().stream()
                    .collect(Collectors.toMap(k -> k, p::getProperty)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name(String regionId) {
        return regionId == null ? null : names.getOrDefault(regionId, regionId);
    }
}
