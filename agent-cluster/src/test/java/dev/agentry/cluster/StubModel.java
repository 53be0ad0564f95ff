package dev.agentry.cluster;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

/**
 * A model for the cluster tests and benchmark: it answers after a fixed latency (at most
 * {@code concurrency} calls at once, like a node's connection pool to a model provider), from a
 * script that sees the line the event added ("[source] author (trust): text") and, after a tool
 * call, its result.
 */
final class StubModel implements ChatModel {
    /** What the model says: a text, or one tool call. */
    record Reply(String text, String tool, String argumentsJson) {
        static Reply text(String text) {
            return new Reply(text, null, null);
        }

        static Reply call(String tool, String argumentsJson) {
            return new Reply(null, tool, argumentsJson);
        }
    }

    private final Duration latency;
    private final Semaphore permits;
    private final BiFunction<String, Optional<String>, Reply> script;

    StubModel(Duration latency, int concurrency, BiFunction<String, Optional<String>, Reply> script) {
        this.latency = latency;
        this.permits = new Semaphore(concurrency);
        this.script = script;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        Optional<String> toolResult = last instanceof ToolExecutionResultMessage r ? Optional.of(r.text()) : Optional.empty();
        String said = eventLine(messages);
        try {
            permits.acquire();
            try {
                Thread.sleep(latency);
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        Reply reply = script.apply(said, toolResult);
        if (reply.tool() != null) {
            return ChatResponse.builder().aiMessage(AiMessage.from(List.of(ToolExecutionRequest.builder().id("c1").name(reply.tool())
                    .arguments(reply.argumentsJson()).build()))).tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.TOOL_EXECUTION).build();
        }
        return ChatResponse.builder().aiMessage(AiMessage.from(reply.text())).tokenUsage(new TokenUsage(10, 10)).finishReason(FinishReason.STOP).build();
    }

    /** The last line of the last user message: the event as the composer wrote it. */
    static String eventLine(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                String text = u.singleText();
                return text.substring(text.lastIndexOf('\n') + 1);
            }
        }
        return "";
    }

    /** The text of an event line ("[source] author (trust): text" → "text"). */
    static String textOf(String line) {
        int colon = line.indexOf("): ");
        return colon < 0 ? line : line.substring(colon + 3);
    }
}
