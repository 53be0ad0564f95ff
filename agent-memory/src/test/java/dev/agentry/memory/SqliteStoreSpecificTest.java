package dev.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite specifics: schema versioning, embedding model changes, durability settings, builder checks. */
class SqliteStoreSpecificTest {
    @TempDir
    Path tmp;

    private AgentryStore open(Path db, HashEmbeddingModel model, String name) {
        return AgentryStore.builder().sqlite(db).embeddingModel(model, name).build();
    }

    @Test
    void openingWithAnotherModelFailsUntilReembedded() {
        Path db = tmp.resolve("m.db");
        try (AgentryStore s = open(db, new HashEmbeddingModel(64), "hash-64")) {
            s.remember(MemoryItem.of("a", MemoryItem.Kind.FACT, "x", "dana sails a small boat", 0.5));
        }
        assertThatThrownBy(() -> open(db, new HashEmbeddingModel(128), "hash-128"))
                .isInstanceOf(MemoryStoreException.class)
                .hasMessageContaining(db.toString()).hasMessageContaining("'hash-64' (64 dimensions)")
                .hasMessageContaining("'hash-128' (128 dimensions)").hasMessageContaining("reembedIfModelChanged");
        HashEmbeddingModel bigger = new HashEmbeddingModel(128);
        try (AgentryStore s = AgentryStore.builder().sqlite(db).embeddingModel(bigger, "hash-128").reembedIfModelChanged().build()) {
            assertThat(bigger.embedded.get()).isEqualTo(1);
            assertThat(s.recall(RecallQuery.of("a", "who sails a boat", 1))).extracting(MemoryItem::text).containsExactly("dana sails a small boat");
        }
        try (AgentryStore s = open(db, new HashEmbeddingModel(128), "hash-128")) {
            assertThat(s.count("a")).isEqualTo(1);
        }
    }

    @Test
    void schemaIsVersionedAndDurable() throws Exception {
        Path db = tmp.resolve("v.db");
        open(db, new HashEmbeddingModel(16), "h").close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                assertThat(rs.getInt(1)).as("version 2 adds the full-text index, 3 the index of memories without vectors, 4 the agent in the full-text index")
                        .isEqualTo(4);
            }
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            c.createStatement().execute("INSERT INTO schema_version(version, applied_at) VALUES (99, 0)");
        }
        assertThatThrownBy(() -> open(db, new HashEmbeddingModel(16), "h")).isInstanceOf(MemoryStoreException.class)
                .hasMessageContaining("schema version 99 is newer");
    }

    @Test
    void aStoreWrittenBeforeFullTextSearchIsIndexedAndEmbeddedWhenOpened() throws Exception {
        Path db = tmp.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (String sql : dev.agentry.memory.internal.Dialect.SQLITE.migrations().get(0)) {
                s.execute(sql);
            }
            s.execute("INSERT INTO schema_version(version, applied_at) VALUES (1, 0)");
            s.execute("INSERT INTO memories(id, agent_id, kind, conversation, author, text, importance, created_at, metadata, text_hash)"
                    + " VALUES ('old', 'a', 'FACT', NULL, 'x', 'the Zanzibar ferry leaves at noon', 0.5, 0, '{}', 'h1')");
            s.execute("INSERT INTO memories(id, agent_id, kind, conversation, author, text, importance, created_at, metadata, text_hash)"
                    + " VALUES ('other', 'a', 'FACT', NULL, 'x', 'the bakery opens at six', 0.5, 0, '{}', 'h2')");
        }
        HashEmbeddingModel model = new HashEmbeddingModel(16);
        try (AgentryStore s = open(db, model, "h")) {
            assertThat(s.recall(RecallQuery.of("a", "zanzibar", 1))).as("found by its word").extracting(MemoryItem::id).containsExactly("old");
            assertThat(s.recall(RecallQuery.of("a", "bakery", 1))).as("found by its word").extracting(MemoryItem::id).containsExactly("other");
            assertThat(model.embedded.get()).as("the two texts stored without vectors, embedded at open (and the two queries)").isEqualTo(4);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM memories WHERE embedding IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).as("memories left without a vector").isZero();
        }
    }

    @Test
    void aKeywordIsSearchedAmongTheAgentsOwnMemoriesWhateverItsId() {
        try (AgentryStore s = open(tmp.resolve("agents.db"), new HashEmbeddingModel(16), "h")) {
            for (String agent : new String[] {"bot", "bot-2", "b\"o t' 2", "ботик"}) {
                s.remember(MemoryItem.of(agent, MemoryItem.Kind.FACT, "x", agent + " takes the Zanzibar ferry", 0.5));
                s.remember(MemoryItem.of(agent, MemoryItem.Kind.FACT, "x", agent + " likes tea", 0.5));
            }
            for (String agent : new String[] {"bot", "bot-2", "b\"o t' 2", "ботик"}) {
                assertThat(s.recall(RecallQuery.of(agent, "zanzibar", 1))).as(agent).extracting(MemoryItem::text)
                        .containsExactly(agent + " takes the Zanzibar ferry");
            }
            assertThat(s.recall(RecallQuery.of("nobody", "zanzibar", 5))).as("an agent with no memories").isEmpty();
        }
    }

    @Test
    void withoutAModelOrAProviderOpeningFailsNamingTheArtifactAndCreatesNothing() {
        Path db = tmp.resolve("no-model.db");
        assertThatThrownBy(() -> AgentryStore.sqlite(db)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no embedding model").hasMessageContaining("dev.agentry:agent-embeddings-minilm")
                .hasMessageContaining("embeddingModel(model, name)");
        assertThat(db).doesNotExist();
        try (AgentryStore s = open(db, new HashEmbeddingModel(16), "h")) {
            assertThat(s.count("a")).as("with a model given, the same file opens").isZero();
        }
    }

    @Test
    void builderFailsFastOnBadSettings() {
        assertThatThrownBy(() -> AgentryStore.builder().sqlite(tmp.resolve("a.db")).sqlite(tmp.resolve("b.db")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("database was already set");
        assertThatThrownBy(() -> AgentryStore.builder().pgvector(true).pgvector(false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pgvector was already set");
        assertThatThrownBy(() -> AgentryStore.builder().recentCache(-1, 8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1, 8");
        assertThatThrownBy(() -> AgentryStore.builder().embeddingModel(new HashEmbeddingModel(8), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embeddingModel name");
        assertThatThrownBy(() -> AgentryStore.builder().build()).hasMessageContaining("choose a database");
        assertThatThrownBy(() -> AgentryStore.builder().postgres("jdbc:mysql://x?password=secret", "u", "p"))
                .hasMessageContaining("jdbc:mysql://x").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> AgentryStore.builder().sqlite(tmp.resolve("missing/dir/x.db")).embeddingModel(new HashEmbeddingModel(8), "h").build())
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("missing/dir");
        assertThatThrownBy(() -> open(tmp.resolve("k.db"), new HashEmbeddingModel(8), "h").ingest("a", tmp.resolve("nope"), IngestListener.none()))
                .isInstanceOf(MemoryStoreException.class).hasMessageContaining("knowledge folder").hasMessageContaining("nope");
    }
}
