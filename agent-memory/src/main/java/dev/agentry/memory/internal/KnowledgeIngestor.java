package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.memory.IngestListener;
import dev.agentry.memory.MemoryStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Ingests .txt/.md files as KNOWLEDGE chunks, skipping files whose content hash is unchanged. */
final class KnowledgeIngestor {
    private final JdbcMemory store;
    private final Db db;

    KnowledgeIngestor(JdbcMemory store, Db db) {
        this.store = store;
        this.db = db;
    }

    IngestListener.Report ingest(String agentId, Path folder, IngestListener listener) {
        if (!Files.isDirectory(folder)) {
            throw new MemoryStoreException("knowledge folder " + folder.toAbsolutePath() + " does not exist or is not a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return n.endsWith(".txt") || n.endsWith(".md");
            }).sorted().toList();
        } catch (IOException e) {
            throw new MemoryStoreException("cannot list knowledge folder " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Chunker chunker = new Chunker(200, 60);
        int skipped = 0;
        int chunks = 0;
        int done = 0;
        for (Path file : files) {
            String rel = folder.relativize(file).toString().replace('\\', '/');
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                throw new MemoryStoreException("cannot read knowledge file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
            String hash = Embedder.hash(text);
            Optional<String> known = db.first("reading knowledge file state", "SELECT hash FROM knowledge_files WHERE agent_id = ? AND path = ?",
                    rs -> rs.getString(1), agentId, rel);
            done++;
            if (known.isPresent() && known.get().equals(hash)) {
                skipped++;
                listener.onFile(file, done, files.size(), 0, true);
                continue;
            }
            String prefix = "kb:" + agentId + ":" + rel + "#";
            List<String> old = store.table().ids("listing old knowledge chunks",
                    "agent_id = ? AND kind = 'KNOWLEDGE' AND substr(id, 1, " + prefix.length() + ") = ?", agentId, prefix);
            store.delete(agentId, old);
            List<String> parts = chunker.split(text);
            Instant now = Instant.now();
            List<MemoryItem> items = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                items.add(new MemoryItem(prefix + i, agentId, MemoryItem.Kind.KNOWLEDGE, Optional.empty(), "knowledge:" + rel, parts.get(i), 0.6,
                        now, Map.of("source", rel, "chunk", Integer.toString(i), "fileHash", hash)));
            }
            for (int from = 0; from < items.size(); from += 64) {
                store.rememberAll(items.subList(from, Math.min(items.size(), from + 64)));
            }
            // the file is recorded as ingested only once its chunks are committed
            store.flush(agentId);
            db.update("recording knowledge file state", "INSERT INTO knowledge_files(agent_id, path, hash, ingested_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT(agent_id, path) DO UPDATE SET hash = excluded.hash, ingested_at = excluded.ingested_at", agentId, rel, hash,
                    Times.toNanos(now));
            chunks += parts.size();
            listener.onFile(file, done, files.size(), parts.size(), false);
        }
        return new IngestListener.Report(files.size(), skipped, chunks);
    }
}
