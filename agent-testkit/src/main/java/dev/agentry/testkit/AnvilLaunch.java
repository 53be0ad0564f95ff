package dev.agentry.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for one launch of an Anvil process to serve: its own log says it listens (an answer alone
 * could come from another node on a chosen port) and it answers {@code eth_chainId}. The log is
 * appended to across relaunches, so only what this launch wrote counts. Fails with the log's tail
 * when the process exits or stays silent for 30 s.
 */
final class AnvilLaunch {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path log;
    private final long logStart;
    private final String url;

    /** Call before starting the process: remembers where this launch's part of the log begins. */
    AnvilLaunch(Path log, String url) {
        this.log = log;
        this.logStart = size(log);
        this.url = url;
    }

    /**
     * Waits until the node serves.
     *
     * @param process the launched process
     * @param kill stops it when the wait fails
     * @throws IllegalStateException if it exits, stays silent or the wait is interrupted
     */
    void awaitReady(Process process, Runnable kill) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest chainId = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}")).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("anvil exited with status " + process.exitValue() + ": " + tail());
                }
                try {
                    if (listening() && http.send(chainId, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notUpYet) {
                    // keep polling
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill.run();
            throw new IllegalStateException("interrupted while waiting for anvil on " + url, e);
        }
        kill.run();
        throw new IllegalStateException("anvil did not answer on " + url + " within " + START_TIMEOUT.toSeconds() + " s: " + tail());
    }

    private boolean listening() {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Listening on");
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            String text = Files.readString(log).strip();
            return text.length() <= 2_000 ? text : "…" + text.substring(text.length() - 2_000);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
