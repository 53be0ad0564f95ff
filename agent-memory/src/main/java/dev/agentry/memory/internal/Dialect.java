package dev.agentry.memory.internal;

import java.util.List;

/** SQL differences between the supported databases, and their versioned migrations. */
public enum Dialect {
    /** SQLite through sqlite-jdbc. */
    SQLITE(List.of(List.of(
            "CREATE TABLE store_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE memories(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL, kind TEXT NOT NULL,"
                    + " conversation TEXT, author TEXT NOT NULL, text TEXT NOT NULL, importance REAL NOT NULL, created_at INTEGER NOT NULL,"
                    + " metadata TEXT NOT NULL, text_hash TEXT NOT NULL, embedding BLOB)",
            "CREATE INDEX memories_conv ON memories(agent_id, conversation, created_at)",
            "CREATE INDEX memories_kind ON memories(agent_id, kind, created_at)",
            "CREATE INDEX memories_hash ON memories(text_hash)",
            "CREATE TABLE inbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, event_id TEXT NOT NULL, event TEXT NOT NULL,"
                    + " accepted_at INTEGER NOT NULL, completed_at INTEGER, UNIQUE(agent_id, event_id))",
            "CREATE INDEX inbox_pending ON inbox(agent_id, completed_at, seq)",
            "CREATE TABLE turns(seq INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, event_id TEXT NOT NULL, turn TEXT NOT NULL,"
                    + " started_at INTEGER NOT NULL)",
            "CREATE INDEX turns_agent ON turns(agent_id, seq)",
            "CREATE TABLE effects(key TEXT PRIMARY KEY, agent_id TEXT NOT NULL, event_id TEXT NOT NULL, tool TEXT NOT NULL, status TEXT NOT NULL,"
                    + " details TEXT NOT NULL, spends TEXT NOT NULL, result TEXT, updated_at INTEGER NOT NULL)",
            "CREATE INDEX effects_agent ON effects(agent_id, updated_at)",
            "CREATE TABLE dead_letters(seq INTEGER PRIMARY KEY AUTOINCREMENT, agent_id TEXT NOT NULL, letter TEXT NOT NULL)",
            "CREATE INDEX dead_letters_agent ON dead_letters(agent_id, seq)",
            "CREATE TABLE cursors(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)",
            "CREATE TABLE knowledge_files(agent_id TEXT NOT NULL, path TEXT NOT NULL, hash TEXT NOT NULL, ingested_at INTEGER NOT NULL,"
                    + " PRIMARY KEY(agent_id, path))"),
            // 2: full-text index of the memories (FTS5, external content kept in step by triggers) for hybrid recall
            List.of("CREATE VIRTUAL TABLE memories_fts USING fts5(text, content='memories', content_rowid='seq',"
                            + " tokenize='porter unicode61 remove_diacritics 2')",
                    "CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN"
                            + " INSERT INTO memories_fts(rowid, text) VALUES (new.seq, new.text); END",
                    "CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN"
                            + " INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.seq, old.text); END",
                    "CREATE TRIGGER memories_fts_update AFTER UPDATE OF text ON memories BEGIN"
                            + " INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.seq, old.text);"
                            + " INSERT INTO memories_fts(rowid, text) VALUES (new.seq, new.text); END",
                    "INSERT INTO memories_fts(memories_fts) VALUES ('rebuild')"),
            // 3: the memories still waiting for their vectors (found at open after a crash, see MemoryWriter)
            List.of("CREATE INDEX memories_without_vector ON memories(seq) WHERE embedding IS NULL"),
            // 4: the full-text index knows each memory's agent (one token, see KeywordSearch.agentToken), so a search reads only
            // that agent's postings instead of ranking every agent's matches
            List.of("ALTER TABLE memories ADD COLUMN agent_key TEXT GENERATED ALWAYS AS ('k' || hex(agent_id) || '0') VIRTUAL",
                    "DROP TRIGGER memories_fts_insert",
                    "DROP TRIGGER memories_fts_delete",
                    "DROP TRIGGER memories_fts_update",
                    "DROP TABLE memories_fts",
                    "CREATE VIRTUAL TABLE memories_fts USING fts5(text, agent_key, content='memories', content_rowid='seq',"
                            + " tokenize='porter unicode61 remove_diacritics 2')",
                    "CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN"
                            + " INSERT INTO memories_fts(rowid, text, agent_key) VALUES (new.seq, new.text, new.agent_key); END",
                    "CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN"
                            + " INSERT INTO memories_fts(memories_fts, rowid, text, agent_key) VALUES ('delete', old.seq, old.text, old.agent_key); END",
                    "CREATE TRIGGER memories_fts_update AFTER UPDATE OF text, agent_id ON memories BEGIN"
                            + " INSERT INTO memories_fts(memories_fts, rowid, text, agent_key) VALUES ('delete', old.seq, old.text, old.agent_key);"
                            + " INSERT INTO memories_fts(rowid, text, agent_key) VALUES (new.seq, new.text, new.agent_key); END",
                    "INSERT INTO memories_fts(memories_fts) VALUES ('rebuild')"))),

    /** PostgreSQL 15+ through pgjdbc (pgvector optional). */
    POSTGRES(List.of(List.of(
            "CREATE TABLE store_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE memories(seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL, kind TEXT NOT NULL,"
                    + " conversation TEXT, author TEXT NOT NULL, text TEXT NOT NULL, importance DOUBLE PRECISION NOT NULL, created_at BIGINT NOT NULL,"
                    + " metadata TEXT NOT NULL, text_hash TEXT NOT NULL, embedding BYTEA)",
            "CREATE INDEX memories_conv ON memories(agent_id, conversation, created_at)",
            "CREATE INDEX memories_kind ON memories(agent_id, kind, created_at)",
            "CREATE INDEX memories_hash ON memories(text_hash)",
            "CREATE TABLE inbox(seq BIGSERIAL PRIMARY KEY, agent_id TEXT NOT NULL, event_id TEXT NOT NULL, event TEXT NOT NULL,"
                    + " accepted_at BIGINT NOT NULL, completed_at BIGINT, UNIQUE(agent_id, event_id))",
            "CREATE INDEX inbox_pending ON inbox(agent_id, completed_at, seq)",
            "CREATE TABLE turns(seq BIGSERIAL PRIMARY KEY, agent_id TEXT NOT NULL, event_id TEXT NOT NULL, turn TEXT NOT NULL,"
                    + " started_at BIGINT NOT NULL)",
            "CREATE INDEX turns_agent ON turns(agent_id, seq)",
            "CREATE TABLE effects(key TEXT PRIMARY KEY, agent_id TEXT NOT NULL, event_id TEXT NOT NULL, tool TEXT NOT NULL, status TEXT NOT NULL,"
                    + " details TEXT NOT NULL, spends TEXT NOT NULL, result TEXT, updated_at BIGINT NOT NULL)",
            "CREATE INDEX effects_agent ON effects(agent_id, updated_at)",
            "CREATE TABLE dead_letters(seq BIGSERIAL PRIMARY KEY, agent_id TEXT NOT NULL, letter TEXT NOT NULL)",
            "CREATE INDEX dead_letters_agent ON dead_letters(agent_id, seq)",
            "CREATE TABLE cursors(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at BIGINT NOT NULL)",
            "CREATE TABLE knowledge_files(agent_id TEXT NOT NULL, path TEXT NOT NULL, hash TEXT NOT NULL, ingested_at BIGINT NOT NULL,"
                    + " PRIMARY KEY(agent_id, path))"),
            // version 2: the fencing epochs of cluster mode (agent-cluster), see Epochs
            List.of("CREATE TABLE agent_epochs(agent_id TEXT PRIMARY KEY, epoch BIGINT NOT NULL, owner TEXT NOT NULL,"
                    + " claimed_at BIGINT NOT NULL)"),
            // version 3: full-text index of the memories (English stemming, GIN) for hybrid recall
            List.of("ALTER TABLE memories ADD COLUMN text_search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
                    "CREATE INDEX memories_text_search ON memories USING GIN (text_search)"),
            // version 4: the memories still waiting for their vectors (found at open after a crash, see MemoryWriter)
            List.of("CREATE INDEX memories_without_vector ON memories(seq) WHERE embedding IS NULL")));

    private final List<List<String>> migrations;

    Dialect(List<List<String>> migrations) {
        this.migrations = migrations;
    }

    /** Migration {@code i} (version {@code i + 1}): its statements, in order. */
    public List<List<String>> migrations() {
        return migrations;
    }

    /** The schema version this library writes. */
    public int latestVersion() {
        return migrations.size();
    }
}
