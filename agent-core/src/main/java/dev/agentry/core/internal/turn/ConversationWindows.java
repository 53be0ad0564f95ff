package dev.agentry.core.internal.turn;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.TokenCounter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One agent's conversations as the model sees them: a {@link ConversationLog} per conversation,
 * kept here between turns so a turn neither re-reads nor re-renders its history, and so the newest
 * turn is visible at once even while its memory write is still queued. A conversation not seen
 * since start-up (or evicted, beyond {@value #MAX_CONVERSATIONS}) is loaded once from memory: its
 * newest summary and the messages after it. Messages that reach the conversation's memory other than
 * through this agent's turns (another process, an application writing to it) are seen the next
 * time the conversation is loaded. Thread-safe: each log is guarded by itself.
 */
final class ConversationWindows {
    private static final int MAX_CONVERSATIONS = 4_096;

    /** What a turn shows: the rendered transcript, its tokens and the memory ids in it. */
    record View(String transcript, int tokens, Set<String> shownIds) {}

    /** A fold to make: the transcript to summarise and the lines that stay. */
    record Fold(String transcript, int keepFrom, int size) {}

    private final String agentId;
    private final String selfName;
    private final Memory memory;
    private final TokenCounter counter = TokenCounter.standard();
    private final Map<String, ConversationLog> logs = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConversationLog> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    /**
     * @param agentId the agent, the author of its own messages
     * @param selfName how the agent's own lines are tagged (its persona's name)
     * @param memory where a conversation is loaded from the first time
     */
    ConversationWindows(String agentId, String selfName, Memory memory) {
        this.agentId = agentId;
        this.selfName = selfName;
        this.memory = memory;
    }

    /**
     * The conversation as the next prompt shows it, loaded within {@code loadBudget} tokens the
     * first time; when it is longer than {@code room}, only its newest lines that fit (this once).
     */
    View view(String conversation, int loadBudget, int room) {
        ConversationLog log = log(conversation, loadBudget);
        synchronized (log) {
            if (log.tokens() <= room) {
                return new View(log.render(), log.tokens(), log.shownIds());
            }
            String transcript = log.render(room);
            return new View(transcript, counter.count(transcript), log.shownIds());
        }
    }

    /** Adds a turn's messages, oldest first. */
    void append(String conversation, List<MemoryItem> items) {
        ConversationLog log = log(conversation, 0);
        synchronized (log) {
            log.append(items);
        }
    }

    /**
     * The fold due when the conversation grew past a budget: everything but the newest
     * {@code keepLines} lines goes into the summary.
     */
    Optional<Fold> foldDue(String conversation, int budget, int keepLines) {
        ConversationLog log = log(conversation, 0);
        synchronized (log) {
            if (log.tokens() <= budget || log.size() <= keepLines) {
                return Optional.empty();
            }
            return Optional.of(new Fold(log.render(), log.size() - keepLines, log.size()));
        }
    }

    /** Applies a fold unless the conversation changed meanwhile; the summary replaces the older lines. */
    boolean fold(String conversation, Fold fold, MemoryItem summary) {
        ConversationLog log = log(conversation, 0);
        synchronized (log) {
            if (log.size() != fold.size()) {
                return false;
            }
            log.fold(summary.id(), summary.text(), fold.keepFrom());
            return true;
        }
    }

    /** When the first line that stays after a fold was said. */
    Instant keptAt(String conversation, Fold fold) {
        ConversationLog log = log(conversation, 0);
        synchronized (log) {
            return log.at(Math.min(fold.keepFrom(), log.size() - 1));
        }
    }

    /** Drops the oldest lines beyond a budget (no summary could be made). */
    void trim(String conversation, int budget) {
        ConversationLog log = log(conversation, 0);
        synchronized (log) {
            log.trimTo(budget);
        }
    }

    private ConversationLog log(String conversation, int loadBudget) {
        synchronized (logs) {
            ConversationLog log = logs.get(conversation);
            if (log == null) {
                log = load(conversation, loadBudget);
                logs.put(conversation, log);
            }
            return log;
        }
    }

    private ConversationLog load(String conversation, int budget) {
        ConversationLog log = new ConversationLog(counter, agentId, selfName);
        if (budget <= 0) {
            return log;
        }
        List<MemoryItem> recent = new ArrayList<>(memory.recent(agentId, conversation, budget));
        recent.sort(Comparator.comparing(MemoryItem::createdAt));
        int from = 0;
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (recent.get(i).kind() == MemoryItem.Kind.SUMMARY) {
                from = i;
                break;
            }
        }
        log.append(recent.subList(from, recent.size()));
        return log;
    }
}
