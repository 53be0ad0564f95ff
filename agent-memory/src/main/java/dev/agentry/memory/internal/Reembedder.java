package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.memory.MemoryStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding model recorded in the database: checks it at open, and re-embeds every memory when
 * the model changed and that was allowed. Not meant to run concurrently with writes.
 */
final class Reembedder {
    private static final Logger LOG = LoggerFactory.getLogger(Reembedder.class);
    private static final int BATCH = 256;

    private Reembedder() {}

    /**
     * Returns whether the stored vectors must be re-embedded: the database records another model
     * (allowed only with {@code allowed}, else this fails), or records none yet but holds vectors.
     */
    static boolean needed(Db db, Embedder embedder, boolean allowed) {
        Optional<String> model = db.meta("embedding.model");
        Optional<String> dim = db.meta("embedding.dimension");
        String wantDim = Integer.toString(embedder.dimension());
        if (model.isEmpty()) {
            recordModel(db, embedder);
            return db.first("counting vectors", "SELECT COUNT(*) FROM memories WHERE embedding IS NOT NULL", rs -> rs.getLong(1)).orElse(0L) > 0;
        }
        if (model.get().equals(embedder.name()) && dim.orElse("").equals(wantDim)) {
            return false;
        }
        if (allowed) {
            return true;
        }
        throw new MemoryStoreException(db.description() + " was embedded with model '" + model.get() + "' (" + dim.orElse("?")
                + " dimensions) but was opened with '" + embedder.name() + "' (" + wantDim + " dimensions): open it with"
                + " AgentryStore.builder()...reembedIfModelChanged() to re-embed every memory, or use the original model");
    }

    private static void recordModel(Db db, Embedder embedder) {
        db.tx("recording embedding model", c -> {
            Db.putMeta(c, "embedding.model", embedder.name());
            Db.putMeta(c, "embedding.dimension", Integer.toString(embedder.dimension()));
            return null;
        });
    }

    /** Re-embeds every memory with the store's model, in batches, then records the model; returns how many. */
    static int reembed(Db db, JdbcMemory memory, IntConsumer progress) {
        record Text(long seq, String id, String text) {}
        memory.flushAll();
        List<Text> all = db.list("listing memories to re-embed", "SELECT seq, id, text FROM memories ORDER BY seq", rs -> new Text(rs.getLong(1),
                rs.getString(2), rs.getString(3)));
        VectorBackend vectors = memory.vectors();
        Embedder embedder = memory.embedder();
        db.locked(() -> {
            db.tx("clearing vectors", c -> {
                vectors.reset(c);
                return null;
            });
        });
        int done = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Text> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            List<float[]> vs = embedder.embedAll(batch.stream().map(Text::text).toList());
            Map<String, MemoryItem> items = memory.table().fetch(batch.stream().map(Text::id).toList());
            List<VectorBackend.Row> rows = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                MemoryItem item = items.get(batch.get(i).id());
                if (item != null) {
                    rows.add(new VectorBackend.Row(item, Embedder.hash(item.text()), vs.get(i), batch.get(i).seq()));
                }
            }
            db.locked(() -> {
                db.tx("storing re-embedded vectors", c -> {
                    MemoryTable.updateVectors(c, rows);
                    vectors.write(c, rows);
                    return null;
                });
                vectors.committed(rows);
            });
            done += rows.size();
            progress.accept(done);
        }
        recordModel(db, embedder);
        LOG.info("Re-embedded {} memories of {} with {}", done, db.description(), embedder.name());
        return done;
    }
}
