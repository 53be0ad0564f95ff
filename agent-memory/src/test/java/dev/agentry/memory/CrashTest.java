package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing JVM with SIGKILL and checks that every acknowledged write survived and the file is intact. */
class CrashTest {
    @TempDir
    Path tmp;

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        Path db = tmp.resolve("crash.db");
        for (int round = 0; round < 2; round++) {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process child = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> acks = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    acks.add(line);
                    if (acks.size() == 400 * (round + 1)) {
                        child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it leaves stdout open so buffered acks are read too
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acks.size()).isGreaterThanOrEqualTo(400);
            try (AgentryStore store = AgentryStore.builder().sqlite(db).embeddingModel(new HashEmbeddingModel(64), "hash-64").build()) {
                int lastCursor = -1;
                int turns = 0;
                for (String a : acks) {
                    String[] p = a.split(" ");
                    switch (p[0]) {
                        case "M" -> assertThat(store.memory(p[1])).as("acknowledged memory %s", p[1]).isPresent();
                        case "E" -> assertThat(store.accept("crash", dev.agentry.testkit.contract.JournalContractTest.event(p[1]))).as("acknowledged event %s", p[1]).isFalse();
                        case "F" -> assertThat(store.effect(p[1])).as("acknowledged effect %s", p[1]).isPresent();
                        case "C" -> lastCursor = Math.max(lastCursor, Integer.parseInt(p[1]));
                        case "T" -> {
                            assertThat(store.memory("tm-" + p[1])).as("memory of completed turn %s", p[1]).isPresent();
                            turns++;
                        }
                        default -> throw new AssertionError("unexpected output: " + a);
                    }
                }
                assertThat(Integer.parseInt(store.get("cursor").orElseThrow())).isGreaterThanOrEqualTo(lastCursor);
                assertThat(turns).as("turns acknowledged").isPositive();
                // an event that is no longer pending was completed: the memory its turn queued before that must be there
                java.util.Set<String> pending = new java.util.HashSet<>();
                store.pending("crash-turns").forEach(e -> pending.add(e.id()));
                for (int i = 0; i <= turns + 64; i++) {
                    if (store.accept("crash-turns", dev.agentry.testkit.contract.JournalContractTest.event("t-" + i)) || pending.contains("t-" + i)) {
                        continue; // never accepted before the kill, or accepted but not completed
                    }
                    assertThat(store.memory("tm-" + i)).as("memory of completed event t-%s", i).isPresent();
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
    }
}
