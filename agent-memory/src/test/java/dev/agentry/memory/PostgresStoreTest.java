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
class PostgresStoreTest extends AgentryStoreContractTest {
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
    protected AgentryStoreBuilder builder() {
        return AgentryStore.builder().postgres(url, "postgres", "");
    }

    @Test
    void schemaIsVersionedAndPgvectorIsAbsent() throws Exception {
        store();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).as("schema version (2: agent_epochs for cluster fencing, 3: the full-text index, 4: memories without vectors)")
                    .isEqualTo(4);
        }
        assertThat(store().toString()).contains("in-process");
    }

    @Test
    void modelChangeIsRefusedThenReembedded() throws Exception {
        String db = pg.newDatabase("reembed_test");
        try (AgentryStore s = AgentryStore.builder().postgres(db, "postgres", "").embeddingModel(new HashEmbeddingModel(32), "hash-32").build()) {
            s.remember(MemoryItem.of("a", MemoryItem.Kind.FACT, "x", "frank lost his seed phrase", 0.5));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentryStore.builder().postgres(db, "postgres", "")
                .embeddingModel(new HashEmbeddingModel(48), "hash-48").build())
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("'hash-32' (32 dimensions)").hasMessageContaining("reembed_test");
        try (AgentryStore s = AgentryStore.builder().postgres(db, "postgres", "").embeddingModel(new HashEmbeddingModel(48), "hash-48")
                .reembedIfModelChanged().build()) {
            assertThat(s.recall(RecallQuery.of("a", "seed phrase lost", 1))).extracting(MemoryItem::text).containsExactly("frank lost his seed phrase");
        }
    }

    @Test
    void twoNodesShareInboxCursorsAndMemories() {
        try (AgentryStore other = builder().embeddingModel(model, "hash-256").build()) {
            assertThat(store().accept(agent, dev.agentry.testkit.contract.JournalContractTest.event("shared-1"))).isTrue();
            assertThat(other.accept(agent, dev.agentry.testkit.contract.JournalContractTest.event("shared-1"))).isFalse();
            other.put("cursor-" + agent, "42");
            assertThat(store().get("cursor-" + agent)).contains("42");
            store().recall(RecallQuery.of(agent, "warm the index", 1));
            other.remember(MemoryItem.of(agent, MemoryItem.Kind.FACT, "node-2", "carol collects rare stamps", 0.9));
            other.flush(); // written in the background: committed, so visible to the other node, once flushed
            assertThat(store().recall(RecallQuery.of(agent, "rare stamps collector", 1)))
                    .extracting(MemoryItem::text).containsExactly("carol collects rare stamps");
        }
    }
}
