package dev.agentry.core.internal.turn;

import dev.agentry.core.ModelCall;
import dev.agentry.core.TokenCounter;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reason: one call to the chat model with the turn's messages and the offered tools. Records the
 * call in the turn (tokens, duration, finish reason) and in the agent's daily token budget; when
 * the provider reports no input tokens they are counted with {@link TokenCounter#standard()}. A
 * failure after the model's own retries fails the turn. Thread-safe.
 */
public final class Reasoner {
    private final AgentWiring agent;
    private final ChatModel model;
    private final DailyTokenBudget budget;
    private final TokenCounter tokens = TokenCounter.standard();

    /** Creates it for one agent. */
    public Reasoner(AgentWiring agent, ChatModel model, DailyTokenBudget budget) {
        this.agent = agent;
        this.model = model;
        this.budget = budget;
    }

    /** Asks the model for the turn's next message. */
    public AiMessage reason(Turn turn, List<ToolSpecification> tools) {
        return call(turn, turn.messages(), tools, false);
    }

    /**
     * Asks the model for text only: the tools are sent (so the request shares the turn's cached
     * prefix) with tool choice {@code NONE}. Recorded in the turn like any call.
     *
     * @param turn the turn the call is made in
     * @param messages the request's messages
     * @param tools the tools the turn offered
     * @return the model's message
     */
    AiMessage ask(Turn turn, List<ChatMessage> messages, List<ToolSpecification> tools) {
        return call(turn, messages, tools, true);
    }

    private AiMessage call(Turn turn, List<ChatMessage> messages, List<ToolSpecification> tools, boolean textOnly) {
        turn.checkNotAbandoned();
        ChatRequest.Builder request = ChatRequest.builder().messages(messages);
        if (!tools.isEmpty()) {
            request.toolSpecifications(tools);
            if (textOnly) {
                request.toolChoice(ToolChoice.NONE);
            }
        }
        long t0 = System.nanoTime();
        ChatResponse response;
        try {
            response = model.chat(request.build());
        } catch (RuntimeException e) {
            failed(turn, t0);
            throw new StepFailedException("model call failed: " + ResultText.describe(e), e);
        }
        if (response == null || response.aiMessage() == null) {
            failed(turn, t0);
            throw new StepFailedException("model returned no message", null);
        }
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        if (in == 0) {
            in = messages.stream().mapToInt(this::count).sum();
        }
        budget.add(in + out);
        agent.metrics().modelCall(agent.agentId(), "ok", in, out);
        String finish = response.finishReason() == null ? "unknown" : response.finishReason().name().toLowerCase(Locale.ROOT);
        turn.modelCalls().add(new ModelCall(in, out, Duration.ofNanos(System.nanoTime() - t0), finish));
        return response.aiMessage();
    }

    private void failed(Turn turn, long t0) {
        agent.metrics().modelCall(agent.agentId(), "error", 0, 0);
        turn.modelCalls().add(new ModelCall(0, 0, Duration.ofNanos(System.nanoTime() - t0), "error"));
    }

    private int count(ChatMessage message) {
        return switch (message) {
            case SystemMessage system -> tokens.count(system.text());
            case UserMessage user -> tokens.count(user.hasSingleText() ? user.singleText() : String.valueOf(user.contents()));
            case AiMessage ai -> tokens.count(ai.text() == null ? "" : ai.text())
                    + ai.toolExecutionRequests().stream().map(ToolExecutionRequest::arguments).mapToInt(a -> tokens.count(a == null ? "" : a)).sum();
            case ToolExecutionResultMessage result -> tokens.count(result.text());
            default -> tokens.count(message.toString());
        };
    }
}
