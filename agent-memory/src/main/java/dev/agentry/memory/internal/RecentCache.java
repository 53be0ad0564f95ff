package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.TokenCounter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Write-through Caffeine cache of each conversation's newest messages (MESSAGE and SUMMARY),
 * bounded per conversation by tokens. Thread-safe without a global lock: each window is guarded by
 * its own monitor, and a window loaded from the database is only put if no write touched its
 * conversation since the load began ({@link #version}; checked and put atomically for the key), so
 * a load racing a commit never hides the committed message.
 */
final class RecentCache {
    private record Key(String agentId, String conversation) {}

    /** A conversation's window; guarded by its own monitor. */
    private static final class Window {
        final List<MemoryItem> items;
        final List<Integer> tokens = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        int total;
        boolean complete;

        Window(List<MemoryItem> items, boolean complete) {
            this.items = new ArrayList<>(items);
            for (MemoryItem i : items) {
                int t = cost(i);
                tokens.add(t);
                ids.add(i.id());
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
    /** Write counts per conversation, striped: a load keeps its window only if its stripe did not move. */
    private final AtomicLongArray versions = new AtomicLongArray(1024);

    RecentCache(int conversations, int tokenCap) {
        this.cache = Caffeine.newBuilder().maximumSize(conversations).build();
        this.tokenCap = tokenCap;
    }

    int tokenCap() {
        return tokenCap;
    }

    /** The write count of a conversation's stripe; pass it to {@link #put} with a window loaded after reading it. */
    long version(String agentId, String conversation) {
        return versions.get(stripe(new Key(agentId, conversation)));
    }

    private int stripe(Key key) {
        return Math.floorMod(key.hashCode(), versions.length());
    }

    /** The newest messages within the budget, oldest first, if the cached window can answer. */
    Optional<List<MemoryItem>> serve(String agentId, String conversation, int budget) {
        Window w = cache.getIfPresent(new Key(agentId, conversation));
        if (w == null) {
            return Optional.empty();
        }
        synchronized (w) {
            if (!(w.complete || w.total > budget)) {
                return Optional.empty();
            }
            int tokens = 0;
            int start = w.items.size();
            while (start > 0 && tokens + w.tokens.get(start - 1) <= budget) {
                tokens += w.tokens.get(--start);
            }
            return Optional.of(List.copyOf(w.items.subList(start, w.items.size())));
        }
    }

    /** Keeps a window loaded from the database, unless a write touched the conversation since {@code version} was read. */
    void put(String agentId, String conversation, List<MemoryItem> oldestFirst, boolean complete, long version) {
        Key key = new Key(agentId, conversation);
        int stripe = stripe(key);
        Window w = new Window(oldestFirst, complete);
        trim(w);
        cache.asMap().compute(key, (k, old) -> versions.get(stripe) == version ? w : old);
    }

    /** Adds a newly stored memory to its conversation's window, if cached. */
    void added(MemoryItem item) {
        if (item.conversation().isEmpty()) {
            return;
        }
        Key key = new Key(item.agentId(), item.conversation().get());
        versions.incrementAndGet(stripe(key));
        cache.asMap().computeIfPresent(key, (k, w) -> {
            synchronized (w) {
                return add(w, item) ? w : null;
            }
        });
    }

    /** Adds an item to a window; returns false when the window must be dropped (the item replaced one of it). */
    private boolean add(Window w, MemoryItem item) {
        if (w.ids.contains(item.id())) {
            return false; // replaced: simplest correct answer is to reload
        }
        if (item.kind() != MemoryItem.Kind.MESSAGE && item.kind() != MemoryItem.Kind.SUMMARY) {
            return true;
        }
        int pos = w.items.size();
        while (pos > 0 && w.items.get(pos - 1).createdAt().isAfter(item.createdAt())) {
            pos--;
        }
        if (pos == 0 && !w.complete) {
            return true; // older than the window: not part of it
        }
        int t = cost(item);
        w.items.add(pos, item);
        w.tokens.add(pos, t);
        w.ids.add(item.id());
        w.total += t;
        trim(w);
        return true;
    }

    private void trim(Window w) {
        while (!w.items.isEmpty() && w.total - w.tokens.get(0) > tokenCap) {
            w.total -= w.tokens.remove(0);
            w.ids.remove(w.items.remove(0).id());
            w.complete = false;
        }
    }

    /** Drops an agent's windows (after deletions). */
    void invalidateAgent(String agentId) {
        for (int i = 0; i < versions.length(); i++) {
            versions.incrementAndGet(i);
        }
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
