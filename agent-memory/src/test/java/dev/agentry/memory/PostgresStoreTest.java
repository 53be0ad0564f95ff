package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL 15 server started for this class (no pgvector there:
 * vectors as bytes, searched in process). Also: two nodes sharing one database.
 */
class PostgresStoreTest extends StoreContractTest {
    private static RealServers.Postgres pg;
    private static String url;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = RealServers.Postgres.start();
        url = pg.newDatabase("agentry");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected AgentryStore.Builder builder() {
        return AgentryStore.builder().postgres(url, "postgres", "");
    }

    @Test
    void schemaIsVersionedAndPgvectorIsAbsent() throws Exception {
        store();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(store().toString()).contains("in-process");
    }

    @Test
    void twoNodesShareInboxCursorsAndMemories() {
        try (AgentryStore other = builder().embeddingModel(model, "hash-256").build()) {
            assertThat(store().accept(agent, event("shared-1"))).isTrue();
            assertThat(other.accept(agent, event("shared-1"))).isFalse();
            other.put("cursor-" + agent, "42");
            assertThat(store().get("cursor-" + agent)).contains("42");
            store().recall(RecallQuery.of(agent, "warm the index", 1));
            other.remember(MemoryItem.of(agent, MemoryItem.Kind.FACT, "node-2", "carol collects rare stamps", 0.9));
            assertThat(store().recall(RecallQuery.of(agent, "rare stamps collector", 1)))
                    .extracting(MemoryItem::text).containsExactly("carol collects rare stamps");
        }
    }
}
