package dev.agentry.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Memory} kept in memory, with recall by shared words (no embeddings). Token budgets are
 * counted with {@link TokenCounter#standard()}, plus 4 tokens of overhead per message. Its recent
 * window holds a conversation's messages and summaries, in the order they were remembered. For tests and
 * small demos; use {@code agent-memory} for recall by meaning and durability. Thread-safe.
 */
public final class InMemoryMemory implements Memory {
    private static final int TOKENS_PER_MESSAGE = 4;

    private final Map<String, List<Counted>> byAgent = new ConcurrentHashMap<>();
    private final TokenCounter tokens = TokenCounter.standard();

    /** An item with its token count, counted once when remembered rather than on every turn that reads it. */
    private record Counted(MemoryItem item, int tokens) {}

    /** Creates an empty memory. */
    public InMemoryMemory() {}

    @Override
    public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
        List<Counted> items = snapshot(agentId);
        List<MemoryItem> picked = new ArrayList<>();
        int used = 0;
        for (int i = items.size() - 1; i >= 0; i--) {
            MemoryItem item = items.get(i).item();
            boolean conversational = item.kind() == MemoryItem.Kind.MESSAGE || item.kind() == MemoryItem.Kind.SUMMARY;
            if (!conversational || !item.conversation().equals(java.util.Optional.of(conversation))) {
                continue;
            }
            int cost = items.get(i).tokens() + TOKENS_PER_MESSAGE;
            if (used + cost > tokenBudget) {
                break;
            }
            used += cost;
            picked.add(item);
        }
        Collections.reverse(picked);
        return picked;
    }

    @Override
    public List<MemoryItem> recall(RecallQuery query) {
        Set<String> words = words(query.text());
        if (words.isEmpty() || query.limit() == 0) {
            return List.of();
        }
        record Scored(Counted counted, double score) {}
        List<Scored> scored = new ArrayList<>();
        for (Counted counted : snapshot(query.agentId())) {
            MemoryItem item = counted.item();
            if (!query.kinds().isEmpty() && !query.kinds().contains(item.kind())) {
                continue;
            }
            if (query.conversation().isPresent() && !query.conversation().equals(item.conversation())) {
                continue;
            }
            Set<String> itemWords = words(item.text());
            long shared = words.stream().filter(itemWords::contains).count();
            if (shared > 0) {
                scored.add(new Scored(counted, shared / (double) words.size() + 0.1 * item.importance()));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<MemoryItem> result = new ArrayList<>();
        int used = 0;
        for (Scored s : scored) {
            if (result.size() >= query.limit()) {
                break;
            }
            int cost = s.counted().tokens();
            if (query.tokenBudget() > 0 && used + cost > query.tokenBudget()) {
                break;
            }
            used += cost;
            result.add(s.counted().item());
        }
        return result;
    }

    @Override
    public void remember(MemoryItem item) {
        Counted counted = new Counted(item, tokens.count(item.text()));
        List<Counted> list = byAgent.computeIfAbsent(item.agentId(), k -> new ArrayList<>());
        synchronized (list) {
            list.add(counted);
        }
    }

    private List<Counted> snapshot(String agentId) {
        List<Counted> list = byAgent.get(agentId);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() > 2) {
                words.add(w);
            }
        }
        return words;
    }
}
