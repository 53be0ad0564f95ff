package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Write-through Caffeine cache of each conversation's newest messages (MESSAGE and SUMMARY),
 * bounded per conversation by tokens. Callers hold the store lock, so windows are never mutated
 * concurrently.
 */
final class RecentCache {
    private record Key(String agentId, String conversation) {}

    private static final class Window {
        final List<MemoryItem> items;
        final List<Integer> tokens = new ArrayList<>();
        int total;
        boolean complete;

        Window(List<MemoryItem> items, boolean complete) {
            this.items = new ArrayList<>(items);
            for (MemoryItem i : items) {
                int t = cost(i);
                tokens.add(t);
                total += t;
            }
            this.complete = complete;
        }
    }

    private static final TokenCounter TOKENS = TokenCounter.standard();

    /** Tokens a message costs in a prompt window: its text (o200k) plus 4 for role and separators. */
    static int cost(MemoryItem item) {
        return TOKENS.count(item.text()) + 4;
    }

    private final Cache<Key, Window> cache;
    private final int tokenCap;

    RecentCache(int conversations, int tokenCap) {
        this.cache = Caffeine.newBuilder().maximumSize(conversations).build();
        this.tokenCap = tokenCap;
    }

    int tokenCap() {
        return tokenCap;
    }

    Optional<List<MemoryItem>> serve(String agentId, String conversation, int budget) {
        Window w = cache.getIfPresent(new Key(agentId, conversation));
        if (w == null || !(w.complete || w.total > budget)) {
            return Optional.empty();
        }
        int tokens = 0;
        int start = w.items.size();
        while (start > 0 && tokens + w.tokens.get(start - 1) <= budget) {
            tokens += w.tokens.get(--start);
        }
        return Optional.of(List.copyOf(w.items.subList(start, w.items.size())));
    }

    void put(String agentId, String conversation, List<MemoryItem> oldestFirst, boolean complete) {
        Window w = new Window(oldestFirst, complete);
        trim(w);
        cache.put(new Key(agentId, conversation), w);
    }

    /** Adds a newly stored memory to its conversation's window, if cached. */
    void added(MemoryItem item) {
        if (item.conversation().isEmpty()) {
            return;
        }
        Key key = new Key(item.agentId(), item.conversation().get());
        Window w = cache.getIfPresent(key);
        if (w == null) {
            return;
        }
        for (int i = 0; i < w.items.size(); i++) {
            if (w.items.get(i).id().equals(item.id())) {
                // replaced: simplest correct answer is to reload
                cache.invalidate(key);
                return;
            }
        }
        if (item.kind() != MemoryItem.Kind.MESSAGE && item.kind() != MemoryItem.Kind.SUMMARY) {
            return;
        }
        int pos = w.items.size();
        while (pos > 0 && w.items.get(pos - 1).createdAt().isAfter(item.createdAt())) {
            pos--;
        }
        if (pos == 0 && !w.complete) {
            return; // older than the window: not part of it
        }
        int t = cost(item);
        w.items.add(pos, item);
        w.tokens.add(pos, t);
        w.total += t;
        trim(w);
    }

    private void trim(Window w) {
        while (!w.items.isEmpty() && w.total - w.tokens.get(0) > tokenCap) {
            w.total -= w.tokens.remove(0);
            w.items.remove(0);
            w.complete = false;
        }
    }

    void invalidateAgent(String agentId) {
        cache.asMap().keySet().removeIf(k -> k.agentId().equals(agentId));
    }

    /** The newest items that fit a budget, oldest first. */
    static List<MemoryItem> tail(List<MemoryItem> oldestFirst, int budget) {
        int tokens = 0;
        int start = oldestFirst.size();
        while (start > 0) {
            int t = cost(oldestFirst.get(start - 1));
            if (tokens + t > budget) {
                break;
            }
            tokens += t;
            start--;
        }
        return List.copyOf(oldestFirst.subList(start, oldestFirst.size()));
    }
}
