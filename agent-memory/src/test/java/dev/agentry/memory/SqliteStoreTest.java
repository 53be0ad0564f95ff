package dev.agentry.memory;

/** The store contract on SQLite (in-process int8 vector index). */
class SqliteStoreTest extends AgentryStoreContractTest {
    @Override
    protected AgentryStoreBuilder builder() {
        return AgentryStore.builder().sqlite(tmp.resolve("store.db"));
    }
}
