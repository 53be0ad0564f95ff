package dev.agentry.memory.internal;

import dev.agentry.memory.AgentryStore;
import dev.agentry.memory.EmbeddingModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a store: chooses the embedding model, connects, migrates, checks the model, chooses where
 * vectors are searched, wires the stores.
 */
public final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);
    /** Query and write vectors kept by text hash (about 1.6 KB each at 384 dimensions). */
    private static final int EMBEDDING_CACHE = 4_096;
    static final String DEFAULT_MODEL_ARTIFACT = "dev.agentry:agent-embeddings-minilm";

    private record NamedModel(EmbeddingModel model, String name) {}

    private StoreOpener() {}

    /** Opens a store with the builder's settings; closes what it opened again if anything fails. */
    public static AgentryStore open(StoreConfig config) {
        if (config.fencingOwner != null && config.sqliteFile != null) {
            throw new IllegalStateException("fencing(" + config.fencingOwner + ") needs a PostgreSQL store shared by the nodes, not SQLite "
                    + config.sqliteFile);
        }
        NamedModel model = model(config);
        Db db = Db.open(config);
        Embedder embedder = null;
        GroupCommit commits = null;
        try {
            Migrations.apply(db);
            embedder = new Embedder(model.model(), model.name(), EMBEDDING_CACHE);
            boolean reembed = Reembedder.needed(db, embedder, config.reembedIfModelChanged);
            VectorBackend vectors = vectors(db, embedder, config);
            commits = new GroupCommit(db);
            JdbcStore store = new JdbcStore(db, commits, new JdbcMemory(db, embedder, vectors, commits, config), config);
            if (reembed) {
                store.reembed(n -> {});
            } else {
                store.refillMissingVectors();
            }
            LOG.info("Opened memory store {} (schema v{}, model {}, {} dims, vectors: {})", db.description(), db.dialect().latestVersion(),
                    embedder.name(), embedder.dimension(), vectors.describe());
            return store;
        } catch (RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {commits, embedder, db}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The builder's model, else the one provider on the class path; fails naming the artifact to add, or the providers to choose from. */
    private static NamedModel model(StoreConfig config) {
        if (config.embeddingModel != null) {
            return new NamedModel(config.embeddingModel, config.embeddingModelName);
        }
        List<EmbeddingModelProvider> found = providers(Thread.currentThread().getContextClassLoader());
        if (found.isEmpty()) {
            found = providers(EmbeddingModelProvider.class.getClassLoader());
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no embedding model: add " + DEFAULT_MODEL_ARTIFACT + " (the in-process all-MiniLM-L6-v2) to the"
                    + " class path, or give one with AgentryStore.builder().embeddingModel(model, name)");
        }
        if (found.size() > 1) {
            throw new IllegalStateException("several embedding models on the class path (" + String.join(", ",
                    found.stream().map(p -> p.name() + " from " + p.getClass().getName()).toList())
                    + "): choose one with AgentryStore.builder().embeddingModel(model, name)");
        }
        EmbeddingModelProvider p = found.get(0);
        return new NamedModel(p.create(), p.name());
    }

    private static List<EmbeddingModelProvider> providers(ClassLoader loader) {
        return loader == null ? List.of() : ServiceLoader.load(EmbeddingModelProvider.class, loader).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static VectorBackend vectors(Db db, Embedder embedder, StoreConfig config) {
        if (config.embeddingStore != null) {
            return new EmbeddingStoreBackend(config.embeddingStore);
        }
        boolean postgres = db.dialect() == Dialect.POSTGRES;
        if (postgres && config.pgvector) {
            VectorBackend pg = PgVectorBackend.tryOpen(db, embedder.dimension(), embedder.name());
            if (pg != null) {
                return pg;
            }
        }
        return new InProcessBackend(db, embedder.dimension(), postgres);
    }
}
