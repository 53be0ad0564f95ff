package dev.agentry.core.internal.turn;

import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses which recent messages of a conversation go into the prompt. The window's start stays
 * fixed while the conversation grows, so consecutive prompts share a long byte-identical prefix
 * (provider prompt caching); when the window overflows its budget it jumps forward to half the
 * budget at once instead of sliding one message per turn. Older messages stay in long-term memory
 * and come back through recall.
 */
final class ConversationWindows {
    private static final int MAX_CONVERSATIONS = 4_096;

    private final Map<String, Instant> anchors = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    synchronized List<MemoryItem> window(Memory memory, String agentId, String conversation, int tokenBudget) {
        if (tokenBudget <= 0) {
            return List.of();
        }
        List<MemoryItem> recent = memory.recent(agentId, conversation, tokenBudget);
        if (recent.isEmpty()) {
            return recent;
        }
        Instant anchor = anchors.get(conversation);
        if (anchor != null && !recent.get(0).createdAt().isAfter(anchor)) {
            return recent.stream().filter(item -> !item.createdAt().isBefore(anchor)).toList();
        }
        List<MemoryItem> half = memory.recent(agentId, conversation, Math.max(1, tokenBudget / 2));
        List<MemoryItem> chosen = half.isEmpty() ? recent.subList(recent.size() - 1, recent.size()) : half;
        anchors.put(conversation, chosen.get(0).createdAt());
        return chosen;
    }
}
