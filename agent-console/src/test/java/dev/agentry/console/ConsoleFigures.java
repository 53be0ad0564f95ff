package dev.agentry.console;

import dev.agentry.core.Agent;
import dev.agentry.core.AgentRuntime;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Spend;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.By;

/**
 * Measures the console and prints the figures (a program, never a test assertion), then rewrites
 * {@code CONSOLE-FIGURES.md}:
 * <ol>
 *   <li>event to row: from {@code runtime.submit} to the turn's row in Chromium's page (wall clock
 *       on both sides, same machine), over N events one at a time;
 *   <li>page weight: the bytes of the page and every asset it loads (uncompressed, as served);
 *   <li>API latency while a writer puts 1,000 journal rows a second into the journal, for S seconds.
 * </ol>
 * Args: {@code [events=30] [seconds=20]}.
 */
public final class ConsoleFigures {
    private static final List<String> ASSETS = List.of("/", "/app.js", "/app.css", "/vendor/uPlot.iife.min.js", "/vendor/uPlot.min.css");
    private static final List<String> ENDPOINTS = List.of("/api/agents", "/api/journal?limit=100", "/api/journal?tool=pay&outcome=DONE&limit=20",
            "/api/approvals", "/api/series", "/api/turns?limit=20");

    private ConsoleFigures() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String token = TipChain.token();
        InMemoryJournal journal = new InMemoryJournal();
        Map<String, String> figures = new LinkedHashMap<>();
        try (AgentRuntime runtime = AgentRuntime.builder().discoverPlugins(false).journal(journal).build()) {
            runtime.register(Agent.builder("a1").persona(Persona.of("A", "Answers.")).model(new TipModel("0x" + "0".repeat(40))).build());
            runtime.start();
            try (OperatorConsole console = OperatorConsole.builder().runtime(runtime).port(0).operatorToken(Secret.of(token, "${T}")).build().start()) {
                eventToRow(runtime, console.uri(), token, events, figures);
                pageWeight(console.uri(), token, figures);
                apiUnderLoad(journal, console.uri(), token, seconds, figures);
            }
        }
        figures.forEach((k, v) -> System.out.println(k + ": " + v));
        write(figures, events, seconds);
    }

    private static void eventToRow(AgentRuntime runtime, URI uri, String token, int events, Map<String, String> figures) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (Browser browser = new Browser()) {
            browser.login(uri, token);
            browser.waitFor(Duration.ofSeconds(5), By.cssSelector("#stream.on"));
            browser.driver.executeScript("window.seen = {}; new MutationObserver(() => document.querySelectorAll('[data-turn] .title')"
                    + ".forEach(t => { const m = t.textContent.match(/ping-(\\d+)/); if (m && !seen[m[1]]) seen[m[1]] = Date.now(); }))"
                    + ".observe(document.getElementById('turns'), {childList: true, subtree: true});");
            for (int i = 0; i < events + 3; i++) {
                long t0 = System.currentTimeMillis();
                runtime.submit("a1", Event.of("ping-" + i, "local", "alice", "c1", "ping-" + i, Trust.OWNER)).get(10, TimeUnit.SECONDS);
                Object seen = null;
                for (int w = 0; w < 500 && seen == null; w++) {
                    seen = browser.driver.executeScript("return window.seen['" + i + "'] || null;");
                    if (seen == null) {
                        Thread.sleep(2);
                    }
                }
                if (i >= 3 && seen != null) {
                    millis.add(((Number) seen).longValue() - t0);
                }
            }
        }
        Collections.sort(millis);
        figures.put("event to row on the page (ms, median / p95 / max of " + millis.size() + ")",
                pct(millis, 50) + " / " + pct(millis, 95) + " / " + millis.get(millis.size() - 1));
    }

    private static void pageWeight(URI uri, String token, Map<String, String> figures) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long total = 0;
        StringBuilder parts = new StringBuilder();
        for (String asset : ASSETS) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri.resolve(asset)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            total += r.body().length;
            parts.append(parts.isEmpty() ? "" : ", ").append(asset).append(' ').append(r.body().length);
        }
        figures.put("page weight (bytes, uncompressed)", total + " (" + parts + ")");
    }

    private static void apiUnderLoad(InMemoryJournal journal, URI uri, String token, int seconds, Map<String, String> figures) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            long start = System.nanoTime();
            while (writing.get()) {
                long due = (System.nanoTime() - start) / 1_000_000;
                while (written.get() < due && writing.get()) {
                    long n = written.incrementAndGet();
                    journal.putEffect(new EffectRecord("k" + n, "a1", "e" + n, n % 2 == 0 ? "pay" : "post", EffectRecord.Status.DONE,
                            Map.of("n", Long.toString(n)), List.of(Spend.of("ETH", new BigDecimal("0.001"), "0xbob")), Optional.of("ok"), Instant.now()));
                }
                Thread.onSpinWait();
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        ENDPOINTS.forEach(e -> latencies.put(e, new ArrayList<>()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            for (String endpoint : ENDPOINTS) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri.resolve(endpoint)).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(endpoint + " answered " + r.statusCode() + ": " + r.body());
                }
                latencies.get(endpoint).add((System.nanoTime() - t0) / 1_000);
            }
        }
        writing.set(false);
        writer.join();
        figures.put("journal rows written during the API run", written.get() + " in " + seconds + " s (" + written.get() / seconds + "/s)");
        latencies.forEach((endpoint, micros) -> {
            Collections.sort(micros);
            figures.put("GET " + endpoint + " (ms, median / p95 / max of " + micros.size() + ")",
                    ms(pct(micros, 50)) + " / " + ms(pct(micros, 95)) + " / " + ms(micros.get(micros.size() - 1)));
        });
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }

    private static void write(Map<String, String> figures, int events, int seconds) throws Exception {
        StringBuilder md = new StringBuilder("# Operator console figures\n\n")
                .append("Written by `ConsoleFigures` (agent-console/src/test/java) on ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ").append(Runtime.version())
                .append(". Run it again with:\n\n```\nmvn -q -pl agent-console -am test-compile exec:exec -Pconsole-figures -Dfigures.args=\"")
                .append(events).append(' ').append(seconds).append("\"\n```\n\n")
                .append("- Event to row: `runtime.submit` to the turn's row in headless Chromium (a MutationObserver stamps `Date.now()`), ")
                .append("one event at a time, the first 3 not counted (warm-up).\n")
                .append("- Page weight: the page and every asset it loads, as served (no compression), uPlot included.\n")
                .append("- API latency: one client calling each endpoint in turn while a writer puts 1,000 effect records a second into the ")
                .append("runtime's journal (an `InMemoryJournal`: the console's own cost, not a database's); the journal search reads the last hour, ")
                .append("so its work grows with the run.\n\n| figure | value |\n|---|---|\n");
        figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(Path.of("CONSOLE-FIGURES.md"), md.toString());
    }
}
