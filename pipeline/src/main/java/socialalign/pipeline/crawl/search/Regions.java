package socialalign.pipeline.crawl.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The 36 s.weibo.com regions and their city codes, in the reference's {@code region_dict} order. */
public final class Regions {

    /** A province (or 海外 / 其他) with its cities, name to code, in order. */
    public record Province(String name, int code, Map<String, Integer> cities) {}

    private static final List<Province> ALL = load();

    private Regions() {}

    /** All 36 regions. */
    public static List<Province> all() {
        return ALL;
    }

    /** The region of that name, e.g. 北京. */
    public static Province byName(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown region '" + name + "' (expected one of the 36 s.weibo.com regions, e.g. 北京)"));
    }

    /** The region of that code. */
    public static Province byCode(int code) {
        return ALL.stream().filter(p -> p.code() == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown region code " + code));
    }

    private static List<Province> load() {
        List<Province> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(Regions.class.getResourceAsStream("regions.txt")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] head = line.substring(0, line.indexOf(':')).split(" ");
                Map<String, Integer> cities = new LinkedHashMap<>();
                for (String city : line.substring(line.indexOf(':') + 1).strip().split(" ")) {
                    String[] kv = city.split("=");
                    cities.put(kv[0], Integer.parseInt(kv[1]));
                }
                out.add(new Province(head[0], Integer.parseInt(head[1]), java.util.Collections.unmodifiableMap(cities)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
