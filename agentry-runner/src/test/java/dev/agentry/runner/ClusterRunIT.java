package dev.agentry.runner;

import static dev.agentry.runner.AgentryTest.agentry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.agentry.cluster.EventPublisher;
import dev.agentry.runner.AgentryProcess.Finished;
import dev.agentry.runner.AgentryTest.Result;
import dev.agentry.tools.social.FeedPost;
import dev.agentry.tools.social.LocalFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agentry run BOT --cluster BROKERS JDBC_URL} against a real Kafka KRaft broker and a real
 * PostgreSQL server ({@link ClusterServers}): the node (its own JVM, {@code java -jar agentry.jar})
 * answers an event published to the cluster's topic on its feed and journals the reply in the
 * shared database, then leaves on SIGTERM with status 0; an unreachable broker or database fails
 * within a bounded time with one line naming it and its address, never the password.
 */
class ClusterRunIT {
    private static final String PASSWORD = "s3cret-pw";
    private static ClusterServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        servers = ClusterServers.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    private Path bot() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("clusterbot"));
        Files.writeString(folder.resolve("config.json"), """
                {"agent": {"id": "clusterbot", "persona": "persona.json"},
                 "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY:-}"},
                 "console": {"owner": "you", "trusted": ["alice"]}}""");
        Files.writeString(folder.resolve("persona.json"), "{\"name\": \"Clusterbot\", \"bio\": [\"Answers on any node.\"]}");
        Files.writeString(folder.resolve("demo.json"), "{\"rules\": [], \"otherwise\": \"Hello from the cluster.\"}");
        return folder;
    }

    @Test
    void aNodeAnswersAnEventFromTheTopicAndLeavesOnSigterm() throws Exception {
        Path data = dir.resolve("data");
        String url = servers.jdbcUrl() + "?password=" + PASSWORD;
        Process node = AgentryProcess.builder(dir, Map.of("PGUSER", "postgres"), "run", bot().toString(), "--cluster", servers.bootstrap(), url,
                "--data", data.toString()).start();
        try {
            AgentryProcess.awaitOutput(dir, "clusterbot is running on cluster node");
            assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("(consumer group agentry-clusterbot, events on topic agentry.clusterbot;");
            LocalFeed alice = LocalFeed.builder().self("alice").trusted("alice").file(data.resolve("feed.jsonl")).build();
            FeedPost hello = alice.lookup(alice.publish(dev.agentry.tools.social.Draft.post("hello, cluster")).id()).post();
            try (EventPublisher events = EventPublisher.connect(servers.bootstrap(), "agentry.clusterbot")) {
                events.send("clusterbot", alice.toEvent(hello));
            }

            String key = "reply:clusterbot:" + alice.toEvent(hello).id();
            awaitEffect(key, "DONE", node);
            assertThat(alice.lookup(hello.id()).thread()).extracting(FeedPost::text).anySatisfy(t -> assertThat(t).contains("Hello from the cluster."));
            alice.close();
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(node.pid())).start().waitFor();
        }
        Finished stopped = AgentryProcess.finish(node, dir, 2);
        System.out.println("[cluster node] " + stopped.all());

        assertThat(stopped.status()).as(stopped.all()).isZero();
        assertThat(stopped.out()).contains("cluster: Kafka at " + servers.bootstrap() + ", PostgreSQL at " + servers.jdbcUrl() + " as postgres",
                "agentry: leaving the cluster", " left the cluster\n");
        assertThat(stopped.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(stopped.all()).doesNotContain(PASSWORD);
    }

    @Test
    void anUnreachableBrokerIsNamedWithinBoundedTime() throws Exception {
        String closed = "127.0.0.1:" + ClusterServers.freePort();
        long started = System.nanoTime();

        Result result = agentry(Map.of("PGPASSWORD", PASSWORD), "run", bot().toString(), "--cluster", closed, servers.jdbcUrl());

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println("[unreachable broker] after " + seconds + " s: " + result.err());
        assertThat(result.status()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).startsWith("agentry: cannot reach the Kafka broker at " + closed + " (")
                .endsWith("); is it running, and is the address right? agent-cluster/README.md shows how to start one\n")
                .hasLineCount(1).doesNotContain(PASSWORD);
        assertThat(seconds).as("seconds until the failure").isLessThan(45);
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        int port = ClusterServers.freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/agentry";

        Result result = agentry(Map.of(), "run", bot().toString(), "--cluster", servers.bootstrap(), url + "?user=agent&password=" + PASSWORD);

        System.out.println("[unreachable database] " + result.err());
        assertThat(result.status()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).startsWith("agentry: cannot reach the PostgreSQL database at " + url + " as user agent (")
                .contains("127.0.0.1:" + port).hasLineCount(1).doesNotContain(PASSWORD);
        assertThat(result.out()).doesNotContain(PASSWORD);
    }

    /** Waits (3 minutes at most, failing with the node's output) for an effect's status in the shared journal. */
    private void awaitEffect(String key, String status, Process node) throws Exception {
        try (Connection c = DriverManager.getConnection(servers.jdbcUrl(), "postgres", "");
                PreparedStatement q = c.prepareStatement("SELECT status FROM effects WHERE key = ?")) {
            q.setString(1, key);
            for (int i = 0; i < 1800 && node.isAlive(); i++) {
                try (ResultSet r = q.executeQuery()) {
                    if (r.next() && r.getString(1).equals(status)) {
                        return;
                    }
                } catch (java.sql.SQLException noTableYet) {
                    // the node creates the schema as it starts
                }
                Thread.sleep(100);
            }
        }
        fail("no " + status + " effect " + key + " within 3 minutes (node alive: " + node.isAlive() + "); output:\n"
                + Files.readString(dir.resolve("stdout.txt")) + "\n" + Files.readString(dir.resolve("stderr.txt")));
    }
}
