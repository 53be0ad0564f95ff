package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.agentry.core.TokenCounter;
import dev.agentry.memory.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compaction of old conversation messages into summaries, age limits and per-agent caps. */
final class Retention {
    private static final TokenCounter TOKENS = TokenCounter.standard();
    private final JdbcMemory store;
    private final Db db;
    private final Function<List<MemoryItem>, String> summarizer;

    Retention(JdbcMemory store, Db db, Function<List<MemoryItem>, String> summarizer) {
        this.store = store;
        this.db = db;
        this.summarizer = summarizer != null ? summarizer : Retention::concatenate;
    }

    /** The default summary: "author: text" lines, truncated to about 400 tokens. */
    static String concatenate(List<MemoryItem> messages) {
        StringBuilder b = new StringBuilder("Earlier in this conversation:\n");
        for (MemoryItem m : messages) {
            String line = m.author() + ": " + m.text().replace('\n', ' ') + "\n";
            if (TOKENS.count(b) + TOKENS.count(line) > 400) {
                b.append("…\n");
                break;
            }
            b.append(line);
        }
        return b.toString().trim();
    }

    RetentionPolicy.Report apply(String agentId, RetentionPolicy policy) {
        store.flush(agentId);
        int compacted = 0;
        int summaries = 0;
        record Conversation(String id, long messages) {}
        List<Conversation> conversations = db.list("counting conversation messages of agent " + agentId,
                "SELECT conversation, COUNT(*) FROM memories WHERE agent_id = ? AND kind = 'MESSAGE' AND conversation IS NOT NULL"
                        + " GROUP BY conversation HAVING COUNT(*) > ?", rs -> new Conversation(rs.getString(1), rs.getLong(2)),
                agentId, policy.keepRecentMessages());
        for (Conversation conv : conversations) {
            int excess = (int) (conv.messages() - policy.keepRecentMessages());
            List<MemoryItem> old = store.table().query("reading old messages of agent " + agentId,
                    "agent_id = ? AND conversation = ? AND kind = 'MESSAGE' ORDER BY created_at, seq LIMIT ?", agentId, conv.id(), excess);
            if (old.isEmpty()) {
                continue;
            }
            MemoryItem last = old.get(old.size() - 1);
            MemoryItem summary = new MemoryItem("summary:" + UUID.randomUUID(), agentId, MemoryItem.Kind.SUMMARY, Optional.of(conv.id()), agentId,
                    summarizer.apply(List.copyOf(old)), 0.5, last.createdAt(),
                    Map.of("compactedMessages", Integer.toString(old.size()), "from", old.get(0).createdAt().toString(), "to",
                            last.createdAt().toString()));
            store.remember(summary);
            store.delete(agentId, old.stream().map(MemoryItem::id).toList());
            compacted += old.size();
            summaries++;
        }
        int deleted = 0;
        if (policy.maxAge().isPresent() && !policy.ageLimitedKinds().isEmpty()) {
            long before = Times.toNanos(Instant.now().minus(policy.maxAge().get()));
            String kinds = policy.ageLimitedKinds().stream().map(k -> "'" + k.name() + "'").collect(Collectors.joining(","));
            List<String> ids = ids("agent_id = ? AND kind IN (" + kinds + ") AND created_at < ?", agentId, before);
            store.delete(agentId, ids);
            deleted += ids.size();
        }
        long count = store.count(agentId);
        if (count > policy.maxMemories()) {
            List<String> ids = ids("agent_id = ? AND kind <> 'KNOWLEDGE' ORDER BY importance, created_at LIMIT ?", agentId,
                    (int) (count - policy.maxMemories()));
            store.delete(agentId, ids);
            deleted += ids.size();
        }
        return new RetentionPolicy.Report(compacted, summaries, deleted);
    }

    private List<String> ids(String where, Object... params) {
        return store.table().ids("selecting memories for retention", where, params);
    }
}
