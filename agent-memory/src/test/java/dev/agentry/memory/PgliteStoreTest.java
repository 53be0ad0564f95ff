package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on PGlite with pgvector: vectors in a {@code vector(256)} column with an HNSW index. */
class PgliteStoreTest extends AgentryStoreContractTest {
    private static RealServers.Pglite pglite;

    @BeforeAll
    static void startPglite() throws Exception {
        pglite = RealServers.Pglite.start();
    }

    @AfterAll
    static void stopPglite() throws Exception {
        if (pglite != null) {
            pglite.close();
        }
    }

    @Override
    protected AgentryStoreBuilder builder() {
        return AgentryStore.builder().postgres(pglite.url(), "postgres", "postgres");
    }

    /** PGlite serves one connection: after a close, the server needs a moment before it accepts the next. */
    @Override
    protected AgentryStore open() {
        for (int attempt = 1; ; attempt++) {
            try {
                return super.open();
            } catch (MemoryStoreException e) {
                if (attempt == 20 || !e.getMessage().contains("connection attempt failed")) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * PGlite is one backend session shared by every connection, so a {@code SET search_path} made on one
     * connection holds for the next: the test uses its own schema that way (PGlite ignores pgjdbc's
     * {@code currentSchema} startup parameter).
     */
    @Test
    void reembeddingRebuildsThePgvectorTable() throws Exception {
        closeStore();
        try (java.sql.Connection c = connectWithRetry()) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS reembed");
            c.createStatement().execute("SET search_path TO reembed, public");
        }
        try {
            try (AgentryStore s = openWithRetry(AgentryStore.builder().postgres(pglite.url(), "postgres", "postgres")
                    .embeddingModel(new HashEmbeddingModel(32), "hash-32"))) {
                assertThat(s.toString()).contains("pgvector");
                s.remember(dev.agentry.core.MemoryItem.of("a", dev.agentry.core.MemoryItem.Kind.FACT, "x", "grace trains for the berlin marathon", 0.5));
            }
            try (AgentryStore s = openWithRetry(AgentryStore.builder().postgres(pglite.url(), "postgres", "postgres")
                    .embeddingModel(new HashEmbeddingModel(48), "hash-48").reembedIfModelChanged())) {
                assertThat(s.toString()).contains("pgvector");
                assertThat(s.recall(dev.agentry.core.RecallQuery.of("a", "berlin marathon training", 1))).extracting(dev.agentry.core.MemoryItem::text)
                        .containsExactly("grace trains for the berlin marathon");
            }
        } finally {
            try (java.sql.Connection c = connectWithRetry()) {
                c.createStatement().execute("SET search_path TO \"$user\", public");
            }
        }
    }

    private static java.sql.Connection connectWithRetry() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return java.sql.DriverManager.getConnection(pglite.url(), "postgres", "postgres");
            } catch (java.sql.SQLException e) {
                if (attempt == 20) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static AgentryStore openWithRetry(AgentryStoreBuilder builder) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return builder.build();
            } catch (MemoryStoreException e) {
                if (attempt == 20 || !e.getMessage().contains("connection attempt failed")) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    @Test
    void usesPgvector() {
        assertThat(store().toString()).contains("pgvector");
    }
}
