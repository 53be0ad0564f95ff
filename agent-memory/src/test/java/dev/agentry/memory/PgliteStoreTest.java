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

    @Test
    void usesPgvector() {
        assertThat(store().toString()).contains("pgvector");
    }
}
