package dev.agentry.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Start-up and resident memory of a runner-like process ({@link BotProcess}: an agent built from the
 * bot folder {@code agent-proof/src/test/resources/proof/bench-bot}, the default SQLite store with
 * MiniLM, the model at {@link StubOpenAi}), measured from outside: process start to the first
 * answer ({@code READY}), then resident memory after the 50-message chat and the peak (VmRSS and
 * VmHWM of the child). The class path is made of jars only, as a runner's is (module class folders
 * are packed into jars first; CDS and AOT caches take classes from jars only).
 *
 * <p>One run of one variant per invocation ({@code variant=NAME}); {@code scripts/benchmarks} runs
 * each variant several times. Variants, each adding to the one before, the last being what
 * {@code bin/agentry} does:
 * <ul>
 *   <li>{@code jdk-defaults}: {@code java -cp ...} and nothing else;
 *   <li>{@code runner-flags}: the runner's JVM flags ({@code bin/agentry --print-jvm-flags});
 *   <li>{@code appcds}: plus the dynamic class-data archive bin/agentry has the JVM write on a
 *       command's first run ({@code -XX:+AutoCreateSharedArchive}), here written by a training run
 *       of three messages;
 *   <li>{@code background-model}: plus the embedding model loaded on a background thread, as the
 *       embedding artifacts do;
 *   <li>{@code quantized-model}: plus the int8-quantized all-MiniLM-L6-v2 instead of the full one
 *       (agent-embeddings-minilm-q, the runner's model): the runner's setup.
 * </ul>
 * And beside them {@code aot-cache}: the runner flags plus a JDK 25 AOT cache instead of the
 * archive ({@code scripts/agentry-cds --aot}; JDK 24 and later), which the runner does not use.
 * {@code flags=a,b,c} replaces the runner flags (for trying others).
 */
public final class StartupBenchmark {
    /** {@code -Dbench.show=true}: echo the bot process's output (for trying flags such as native memory tracking). */
    private static final boolean SHOW_CHILD = Boolean.getBoolean("bench.show");

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.options(args);
        String variant = options.getOrDefault("variant", "jdk-defaults");
        int messages = Integer.parseInt(options.getOrDefault("messages", "50"));
        Path work = Files.createTempDirectory("agentry-startup");
        String classpath = jarredClasspath(work);
        Path bot = Path.of("agent-proof/src/test/resources/proof/bench-bot").toAbsolutePath();
        try (StubOpenAi stub = StubOpenAi.start(request -> StubOpenAi.text(SummaryTracker.isSummaryRequest(request) ? "Earlier: a chat."
                : "Noted, thanks."))) {
            List<String> runnerFlags = options.containsKey("flags") ? List.of(options.get("flags").split(",")) : runnerFlags();
            List<String> flags = new ArrayList<>(variant.equals("jdk-defaults") ? List.of() : runnerFlags);
            List<String> extra = new ArrayList<>();
            if (variant.equals("background-model") || variant.equals("quantized-model")) {
                extra.add("background-model");
            }
            if (variant.equals("quantized-model")) {
                extra.add("quantized-model");
            }
            if (variant.equals("aot-cache")) {
                flags.add(trainAot(stub, classpath, bot, work.resolve("agentry.aot")));
            } else if (!variant.equals("jdk-defaults") && !variant.equals("runner-flags")) {
                flags.addAll(List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + work.resolve("agentry.jsa"), "-Xlog:cds*=off"));
                run(stub, classpath, bot, flags, 3, extra);
            }
            Child child = run(stub, classpath, bot, flags, messages, extra);
            System.out.printf(Locale.ROOT, "# Start-up, variant %s: %s%n", variant, String.join(" ", flags));
            BenchSupport.Figures f = new BenchSupport.Figures();
            f.put("ready_ms", child.readyMs(), "%.0f");
            f.put("rss_after_mb", child.rssMb(), "%.0f");
            f.put("peak_rss_mb", child.peakMb(), "%.0f");
            child.phases().forEach((phase, ms) -> f.put("child_" + phase, ms, "%.0f"));
            f.print();
        }
        System.exit(0);
    }

    private record Child(double readyMs, double rssMb, double peakMb, Map<String, Double> phases) {}

    /** The flags bin/agentry starts the runner with. */
    private static List<String> runnerFlags() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bin/agentry", "--print-jvm-flags").start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || line.isEmpty()) {
            throw new IllegalStateException("bin/agentry --print-jvm-flags failed");
        }
        return List.of(line.split("\\s+"));
    }

    /** Makes an AOT cache with scripts/agentry-cds from a three-message training run; returns the flag that uses it. */
    private static String trainAot(StubOpenAi stub, String classpath, Path bot, Path archive) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("scripts/agentry-cds", "--aot", archive.toString(), "--", "-cp", classpath,
                BotProcess.class.getName(), bot.toString(), "3"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("OPENAI_BASE_URL", stub.baseUrl());
        builder.environment().put("OPENAI_API_KEY", "sk-bench-not-a-key");
        Process p = builder.start();
        String flag = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0 && flag.startsWith("-XX:")) {
            return flag;
        }
        throw new IllegalStateException("scripts/agentry-cds failed: " + flag);
    }

    private static Child run(StubOpenAi stub, String classpath, Path bot, List<String> flags, int messages, List<String> extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, BotProcess.class.getName(), bot.toString(), Integer.toString(messages)));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPENAI_BASE_URL", stub.baseUrl());
        builder.environment().put("OPENAI_API_KEY", "sk-bench-not-a-key");
        long t0 = System.nanoTime();
        Process process = builder.start();
        double ready = -1;
        Map<String, Double> phases = new java.util.LinkedHashMap<>();
        double rss = -1;
        double peak = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (SHOW_CHILD) {
                    System.out.println("child> " + line);
                }
                if (line.startsWith("READY ")) {
                    ready = (System.nanoTime() - t0) / 1e6;
                } else if (line.startsWith("PHASE ")) {
                    String[] parts = line.split(" ");
                    phases.put(parts[1], Double.parseDouble(parts[2]));
                } else if (line.startsWith("MEMORY ")) {
                    Map<String, String> m = BenchSupport.options(line.substring(7).strip().split(" "));
                    rss = Double.parseDouble(m.get("rss_mb"));
                    peak = Double.parseDouble(m.get("peak_mb"));
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0 || ready < 0) {
            throw new IllegalStateException("the bot process failed: " + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())));
        }
        return new Child(ready, rss, peak, phases);
    }

    /** This process's class path with every folder packed into a jar. */
    private static String jarredClasspath(Path work) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = work.resolve("classes-" + n++ + ".jar");
                pack(path, jar);
                out.add(jar.toString());
            } else if (Files.exists(path)) {
                out.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static void pack(Path folder, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file); Stream<Path> walk = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(folder.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
