package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Asks a chat model, in one call, for durable facts in a conversation, as JSON lines. */
final class Reflector {
    private final ChatModel model;

    Reflector(ChatModel model) {
        this.model = model;
    }

    List<MemoryItem> facts(String agentId, String conversation, List<MemoryItem> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        StringBuilder prompt = new StringBuilder("""
                Read this conversation and list durable facts worth remembering for a long time about the people and topics in it \
                (preferences, relationships, plans, commitments). Ignore small talk. Answer with one JSON object per line, exactly \
                {"fact": "<one sentence>", "importance": <0.0 to 1.0>}, and nothing else. If there is nothing durable, answer with nothing.

                Conversation:
                """);
        for (MemoryItem m : messages) {
            prompt.append(m.author()).append(": ").append(m.text().replace('\n', ' ')).append('\n');
        }
        String answer = model.chat(prompt.toString());
        List<MemoryItem> facts = new ArrayList<>();
        for (String line : answer.split("\n")) {
            String l = line.trim();
            if (!l.startsWith("{")) {
                continue;
            }
            try {
                JsonNode n = MemoryJson.MAPPER.readTree(l);
                String fact = n.path("fact").asString("").trim();
                if (fact.isEmpty()) {
                    continue;
                }
                double importance = Math.max(0, Math.min(1, n.path("importance").asDouble(0.5)));
                facts.add(new MemoryItem("fact:" + UUID.randomUUID(), agentId, MemoryItem.Kind.FACT, Optional.of(conversation), "reflection", fact,
                        importance, Instant.now(), Map.of("source", "reflection")));
            } catch (RuntimeException e) {
                // a malformed line is skipped; the others still count
            }
        }
        return facts;
    }
}
