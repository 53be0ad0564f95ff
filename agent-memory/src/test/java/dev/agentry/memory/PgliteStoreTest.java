package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on PGlite with pgvector: vectors in a {@code vector(256)} column with an HNSW index. */
class PgliteStoreTest extends StoreContractTest {
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
    protected AgentryStore.Builder builder() {
        return AgentryStore.builder().postgres(pglite.url(), "postgres", "postgres");
    }

    @Override
    void concurrentAcceptsOfTheSameEventAcceptExactlyOnce() throws Exception {
        super.concurrentAcceptsOfTheSameEventAcceptExactlyOnce();
    }

    @Test
    void usesPgvector() {
        assertThat(store().toString()).contains("pgvector");
    }
}
