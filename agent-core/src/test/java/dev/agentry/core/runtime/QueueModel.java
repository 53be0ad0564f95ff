package dev.agentry.core.runtime;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.ConcurrentLinkedDeque;

/** A chat model answering from a queue (then "ok"), reporting 10 input and 5 output tokens per call. */
final class QueueModel implements ChatModel {
    static final String NAME = "queue-model";

    private final ConcurrentLinkedDeque<AiMessage> replies = new ConcurrentLinkedDeque<>();

    QueueModel toolCall(String tool, String arguments) {
        replies.add(AiMessage.from(ToolExecutionRequest.builder().id("c" + replies.size()).name(tool).arguments(arguments).build()));
        return this;
    }

    QueueModel reply(String text) {
        replies.add(AiMessage.from(text));
        return this;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        AiMessage next = replies.poll();
        return ChatResponse.builder().aiMessage(next == null ? AiMessage.from("ok") : next).tokenUsage(new TokenUsage(10, 5))
                .finishReason(next != null && next.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .modelName(NAME).build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return DefaultChatRequestParameters.builder().modelName(NAME).build();
    }
}
