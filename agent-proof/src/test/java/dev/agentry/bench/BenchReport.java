package dev.agentry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Writes BENCHMARKS.md from the raw results {@code scripts/benchmarks} collected: for every
 * benchmark a file of {@code RESULT key=value ...} lines (one or more per run), a file of load
 * averages (one line per run, taken as the run started) and, when a benchmark could not run, the
 * reason. Every figure is the median over the runs with the min–max beside it; a text value such as
 * {@code INVALID} is counted, never turned into a number. Nothing in the output is typed by hand.
 *
 * <p>Usage: {@code BenchReport RESULTS_DIR OUTPUT_FILE}.
 */
public final class BenchReport {
    private final Path dir;
    private final Properties meta = new Properties();
    private final StringBuilder out = new StringBuilder();

    private BenchReport(Path dir) throws IOException {
        this.dir = dir;
        try (var in = Files.newBufferedReader(dir.resolve("meta.properties"))) {
            meta.load(in);
        }
    }

    public static void main(String[] args) throws IOException {
        BenchReport report = new BenchReport(Path.of(args[0]));
        report.write();
        Files.writeString(Path.of(args[1]), report.out.toString(), StandardCharsets.UTF_8);
    }

    /** The values of one benchmark's keys over its runs, and the load averages its runs started at. */
    record Runs(Map<String, List<String>> values, List<Double> loads, String error) {
        boolean missing() {
            return values.isEmpty();
        }

        /** "median (min–max)" of a key, with the count of text values (INVALID) if any. */
        String figure(String key) {
            return figure(key, "");
        }

        /** "median unit (min–max unit)" of a key, with the count of text values (INVALID) if any. */
        String figure(String key, String unit) {
            List<String> raw = values.getOrDefault(key, List.of());
            if (raw.isEmpty()) {
                return "n/a";
            }
            List<Double> numbers = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            int decimals = 0;
            for (String v : raw) {
                try {
                    numbers.add(Double.parseDouble(v));
                    decimals = Math.max(decimals, v.contains(".") ? v.length() - v.indexOf('.') - 1 : 0);
                } catch (NumberFormatException e) {
                    texts.add(v);
                }
            }
            String invalid = texts.isEmpty() ? "" : String.join("/", texts.stream().distinct().toList()) + " in " + texts.size() + " of " + raw.size()
                    + " runs";
            if (numbers.isEmpty()) {
                return invalid;
            }
            double[] sorted = numbers.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String f = "%,." + decimals + "f";
            String u = unit.replace("%", "%%");
            String figure = String.format(Locale.ROOT, f + u + " (" + f + "–" + f + u + ")", median(sorted), sorted[0], sorted[sorted.length - 1]);
            return invalid.isEmpty() ? figure : figure + "; " + invalid;
        }

        int runs() {
            return values.values().stream().mapToInt(List::size).max().orElse(0);
        }

        String load() {
            if (loads.isEmpty()) {
                return "n/a";
            }
            double[] sorted = loads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", median(sorted), sorted[0], sorted[sorted.length - 1]);
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    Runs runs(String name) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Path results = dir.resolve(name + ".results");
        if (Files.exists(results)) {
            for (String line : Files.readAllLines(results)) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).strip().split(" ")) {
                        int eq = pair.indexOf('=');
                        values.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
                    }
                }
            }
        }
        List<Double> loads = new ArrayList<>();
        Path load = dir.resolve(name + ".load");
        if (Files.exists(load)) {
            for (String line : Files.readAllLines(load)) {
                if (!line.isBlank()) {
                    loads.add(Double.parseDouble(line.strip().split("\\s+")[0]));
                }
            }
        }
        Path error = dir.resolve(name + ".error");
        return new Runs(values, loads, Files.exists(error) ? Files.readString(error).strip() : "");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void write() throws IOException {
        Map<String, Runs> all = new LinkedHashMap<>();
        for (String name : List.of("cost", "cost-q", "cost-hash", "cost-memory", "cost-warm", "cost-memory-warm", "scale", "scale-feeds",
                "scale-pages", "transfer", "elizaos", "elizaos-warm")) {
            all.put(name, runs(name));
        }
        Runs scaleMinilm = runs("scale-minilm");
        Runs memory = runs("memory");
        Runs models = runs("embedding-models");
        Map<String, Runs> startup = new LinkedHashMap<>();
        for (String variant : meta.getProperty("startup.variants", "").split(",")) {
            if (!variant.isBlank()) {
                startup.put(variant, runs("startup-" + variant));
            }
        }
        BenchReportText.header(this::line, meta);
        BenchReportText.goals(this::line, all, startup);
        BenchReportMemoryText.goals(this::line, scaleMinilm, memory, models);
        BenchReportText.details(this::line, meta, all, startup);
        BenchReportMemoryText.details(this::line, meta, scaleMinilm, memory, models);
    }

    /** All keys of a benchmark as a table: key, median (min–max). */
    static void table(java.util.function.Consumer<String> line, Runs runs) {
        line.accept("| figure | median (min–max) over " + runs.runs() + " runs |");
        line.accept("|---|---:|");
        for (String key : runs.values().keySet()) {
            line.accept("| " + key + " | " + runs.figure(key) + " |");
        }
    }
}
