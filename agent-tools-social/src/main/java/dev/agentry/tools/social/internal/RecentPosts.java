package dev.agentry.tools.social.internal;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses near-duplicate posts: same normalised text (case, accents' composition, punctuation and
 * spacing ignored) as one of the agent's recent posts on the same feed, found in {@link Memory}
 * (POST memories) when given and in an in-process window always.
 */
public final class RecentPosts {
    private static final Logger log = LoggerFactory.getLogger(RecentPosts.class);

    private record Entry(String agentId, String feed, String target, String normalized) {}

    private final Optional<Memory> memory;
    private final int window;
    private final Deque<Entry> recent = new ArrayDeque<>();

    /**
     * Creates the guard.
     *
     * @param memory the agent memory to recall POST memories from, if any
     * @param window how many recent posts to keep in process
     */
    public RecentPosts(Optional<Memory> memory, int window) {
        this.memory = memory;
        this.window = window;
    }

    /**
     * Normalises a text for comparison.
     *
     * @param text the text
     * @return lower case, NFKC, letters and digits only, single spaces
     */
    public static String normalize(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return s.replaceAll("[^\\p{L}\\p{N}\\s]", " ").replaceAll("\\s+", " ").strip();
    }

    /**
     * Finds an earlier post with the same normalised text.
     *
     * @param agentId the agent
     * @param feed the feed
     * @param target the post replied to, or empty for a top-level post
     * @param text the new text
     * @return the earlier text, if one matches
     */
    public Optional<String> findDuplicate(String agentId, String feed, String target, String text) {
        String normalized = normalize(text);
        synchronized (recent) {
            for (Entry e : recent) {
                if (e.agentId().equals(agentId) && e.feed().equals(feed) && e.target().equals(target) && e.normalized().equals(normalized)) {
                    return Optional.of(text);
                }
            }
        }
        if (memory.isPresent() && target.isEmpty()) {
            try {
                for (MemoryItem item : memory.get().recall(new RecallQuery(agentId, text, 20, Set.of(MemoryItem.Kind.POST), Optional.empty(), 0))) {
                    String itemFeed = item.metadata().getOrDefault("social.feed", feed);
                    if (itemFeed.equals(feed) && normalize(item.text()).equals(normalized)) {
                        return Optional.of(item.text());
                    }
                }
            } catch (RuntimeException e) {
                log.warn("recalling recent posts failed; checking the in-process window only: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Records a successful post.
     *
     * @param agentId the agent
     * @param feed the feed
     * @param target the post replied to, or empty
     * @param text the text
     */
    public void record(String agentId, String feed, String target, String text) {
        synchronized (recent) {
            recent.addFirst(new Entry(agentId, feed, target, normalize(text)));
            while (recent.size() > window) {
                recent.removeLast();
            }
        }
    }
}
