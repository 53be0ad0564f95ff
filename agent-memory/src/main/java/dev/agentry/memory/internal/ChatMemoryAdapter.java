package dev.agentry.memory.internal;

import dev.agentry.core.MemoryItem;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** LangChain4j {@link ChatMemoryStore} over an agent's conversations: memory id = conversation. */
final class ChatMemoryAdapter implements ChatMemoryStore {
    private static final String TYPE = "lc4j.type";
    private final JdbcMemory store;
    private final String agentId;

    ChatMemoryAdapter(JdbcMemory store, String agentId) {
        this.store = store;
        this.agentId = Objects.requireNonNull(agentId, "agentId");
    }

    private List<MemoryItem> stored(Object memoryId) {
        store.flush(agentId);
        return store.table().query("reading chat memory " + memoryId + " of agent " + agentId,
                "agent_id = ? AND conversation = ? AND kind = 'MESSAGE' ORDER BY created_at, seq", agentId, String.valueOf(memoryId));
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        return stored(memoryId).stream().map(ChatMemoryAdapter::toMessage).toList();
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        String conv = String.valueOf(memoryId);
        List<MemoryItem> current = stored(memoryId);
        int same = 0;
        while (same < current.size() && same < messages.size() && toMessage(current.get(same)).equals(messages.get(same))) {
            same++;
        }
        store.delete(agentId, current.subList(same, current.size()).stream().map(MemoryItem::id).toList());
        Instant t = same == 0 ? Instant.now() : current.get(same - 1).createdAt();
        List<MemoryItem> fresh = new ArrayList<>();
        for (int i = same; i < messages.size(); i++) {
            Instant now = Instant.now();
            t = now.isAfter(t) ? now : t.plusNanos(1000);
            fresh.add(toItem(conv, messages.get(i), t));
        }
        store.rememberAll(fresh);
    }

    @Override
    public void deleteMessages(Object memoryId) {
        store.delete(agentId, stored(memoryId).stream().map(MemoryItem::id).toList());
    }

    private MemoryItem toItem(String conv, ChatMessage m, Instant at) {
        Map<String, String> meta = new HashMap<>();
        String text;
        String author;
        switch (m) {
            case SystemMessage s -> {
                meta.put(TYPE, "SYSTEM");
                text = s.text();
                author = "system";
            }
            case UserMessage u -> {
                meta.put(TYPE, "USER");
                text = u.hasSingleText() ? u.singleText() : u.contents().toString();
                author = u.name() != null ? u.name() : "user";
            }
            case AiMessage a -> {
                meta.put(TYPE, "AI");
                text = a.text() == null ? "" : a.text();
                author = agentId;
                if (a.hasToolExecutionRequests()) {
                    ArrayNode arr = MemoryJson.MAPPER.createArrayNode();
                    for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                        var o = arr.addObject();
                        o.put("id", r.id());
                        o.put("name", r.name());
                        o.put("arguments", r.arguments());
                    }
                    meta.put("lc4j.tools", MemoryJson.MAPPER.writeValueAsString(arr));
                }
            }
            case ToolExecutionResultMessage r -> {
                meta.put(TYPE, "TOOL");
                meta.put("lc4j.toolId", r.id() == null ? "" : r.id());
                meta.put("lc4j.toolName", r.toolName() == null ? "" : r.toolName());
                text = r.text();
                author = "tool";
            }
            default -> {
                meta.put(TYPE, "USER");
                text = m.toString();
                author = "user";
            }
        }
        return new MemoryItem("chat:" + UUID.randomUUID(), agentId, MemoryItem.Kind.MESSAGE, Optional.of(conv), author, text, 0.3, at, meta);
    }

    private static ChatMessage toMessage(MemoryItem i) {
        String type = i.metadata().getOrDefault(TYPE, "USER");
        return switch (type) {
            case "SYSTEM" -> SystemMessage.from(i.text());
            case "AI" -> {
                String tools = i.metadata().get("lc4j.tools");
                if (tools == null) {
                    yield AiMessage.from(i.text());
                }
                List<ToolExecutionRequest> requests = new ArrayList<>();
                for (JsonNode n : MemoryJson.MAPPER.readTree(tools)) {
                    requests.add(ToolExecutionRequest.builder().id(n.path("id").asString(null)).name(n.path("name").asString(null))
                            .arguments(n.path("arguments").asString(null)).build());
                }
                yield i.text().isEmpty() ? AiMessage.from(requests) : AiMessage.from(i.text(), requests);
            }
            case "TOOL" -> ToolExecutionResultMessage.from(i.metadata().get("lc4j.toolId"), i.metadata().get("lc4j.toolName"), i.text());
            default -> "user".equals(i.author()) ? UserMessage.from(i.text()) : UserMessage.from(i.author(), i.text());
        };
    }
}
