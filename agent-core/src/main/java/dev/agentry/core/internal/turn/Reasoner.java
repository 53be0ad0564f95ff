package dev.agentry.core.internal.turn;

import dev.agentry.core.ModelCall;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.TokenCounter;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reason: one call to the chat model with the turn's messages and the offered tools. Records the
 * call in the turn (tokens, duration, finish reason) and in the agent's daily token budget; when
 * the provider reports no input tokens they are counted with {@link TokenCounter#standard()}. A
 * failure after the model's own retries fails the turn. Each call is timed
 * ({@code agentry.model.calls}), observed ({@code agentry.model.call}, a child of the turn's) and
 * published as {@link RuntimeEvent.ModelCalled}. Thread-safe.
 */
public final class Reasoner {
    private final AgentWiring agent;
    private final ChatModel model;
    private final DailyTokenBudget budget;
    private final TokenCounter tokens = TokenCounter.standard();
    private final String modelName;

    /** Creates it for one agent. */
    public Reasoner(AgentWiring agent, ChatModel model, DailyTokenBudget budget) {
        this.agent = agent;
        this.model = model;
        this.budget = budget;
        this.modelName = configuredName(model);
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
        Observation observation = agent.metrics().start("agentry.model.call", turn.observation(), agent.agentId())
                .lowCardinalityKeyValue("model", modelName);
        ChatResponse response;
        try (Observation.Scope scope = observation.openScope()) {
            response = model.chat(request.build());
        } catch (RuntimeException e) {
            observation.error(e);
            failed(turn, t0, observation);
            throw new StepFailedException("model call failed: " + ResultText.describe(e), e);
        }
        if (response == null || response.aiMessage() == null) {
            failed(turn, t0, observation);
            throw new StepFailedException("model returned no message", null);
        }
        TokenUsage usage = response.tokenUsage();
        int in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        if (in == 0) {
            in = messages.stream().mapToInt(this::count).sum();
        }
        budget.add(in + out);
        String finish = response.finishReason() == null ? "unknown" : response.finishReason().name().toLowerCase(Locale.ROOT);
        record(turn, "ok", new ModelCall(in, out, Duration.ofNanos(System.nanoTime() - t0), finish), observation);
        return response.aiMessage();
    }

    private void failed(Turn turn, long t0, Observation observation) {
        record(turn, "error", new ModelCall(0, 0, Duration.ofNanos(System.nanoTime() - t0), "error"), observation);
    }

    private void record(Turn turn, String outcome, ModelCall call, Observation observation) {
        observation.lowCardinalityKeyValue("outcome", outcome).stop();
        agent.metrics().modelCall(agent.agentId(), modelName, outcome, call.inputTokens(), call.outputTokens(), call.duration());
        turn.modelCalls().add(call);
        agent.publish(new RuntimeEvent.ModelCalled(agent.agentId(), turn.id(), modelName, call, agent.clock().instant()));
    }

    private static String configuredName(ChatModel model) {
        try {
            ChatRequestParameters defaults = model.defaultRequestParameters();
            String name = defaults == null ? null : defaults.modelName();
            return name == null || name.isBlank() ? "unknown" : name;
        } catch (RuntimeException e) {
            return "unknown";
        }
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
