package dev.agentry.memory.internal;

import dev.agentry.memory.AgentryStore;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a store: connects, migrates, checks the embedding model, chooses where vectors are searched, wires the stores. */
public final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);

    private StoreOpener() {}

    /** Opens a store with the builder's settings; closes the connection again if anything fails. */
    public static AgentryStore open(StoreConfig config) {
        if (config.fencingOwner != null && config.sqliteFile != null) {
            throw new IllegalStateException("fencing(" + config.fencingOwner + ") needs a PostgreSQL store shared by the nodes, not SQLite "
                    + config.sqliteFile);
        }
        Db db = Db.open(config);
        try {
            db.migrate();
            var model = config.embeddingModel != null ? config.embeddingModel : new AllMiniLmL6V2EmbeddingModel();
            String name = config.embeddingModelName != null ? config.embeddingModelName : "all-minilm-l6-v2";
            Embedder embedder = new Embedder(model, name, 50_000);
            boolean reembed = Reembedder.needed(db, embedder, config.reembedIfModelChanged);
            VectorBackend vectors = vectors(db, embedder, config);
            JdbcStore store = new JdbcStore(db, new JdbcMemory(db, embedder, vectors, config), config);
            if (reembed) {
                store.reembed(n -> {});
            }
            LOG.info("Opened memory store {} (schema v{}, model {}, {} dims, vectors: {})", db.description(), db.dialect().latestVersion(),
                    embedder.name(), embedder.dimension(), vectors.describe());
            return store;
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
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
