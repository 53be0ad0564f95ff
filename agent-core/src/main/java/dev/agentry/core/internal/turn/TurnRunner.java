package dev.agentry.core.internal.turn;

import dev.agentry.core.Event;
import dev.agentry.core.FencedException;
import dev.agentry.core.Persona;
import dev.agentry.core.Policy;
import dev.agentry.core.RuntimeEvent;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent's turns: compose → reason → (each tool call along the {@link ToolPath}, results
 * back to the model, reason again) → respond → remember → fold the conversation into a summary
 * when it outgrew its budget ({@link Summarizer}). Everything about one turn lives in its
 * {@link Turn}; the runner itself holds only what outlives turns (the agent's wiring, its
 * conversation windows and daily token budget), so a turn given up after a timeout cannot touch
 * the next one. Thread-safe; the agent's mailbox still runs one turn at a time.
 */
public final class TurnRunner {
    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);
    private static final Pattern SILENT = Pattern.compile("(?is)\\s*\\[\\s*silent\\s*\\]\\s*\\.?\\s*");
    private static final int MAX_TOOL_CALLS_PER_TURN = 24;

    private final AgentWiring agent;
    private final DailyTokenBudget budget;
    private final Composer composer;
    private final Reasoner reasoner;
    private final ToolPath toolPath;
    private final Responder responder;
    private final Rememberer rememberer;
    private final Summarizer summarizer;

    /**
     * Creates the runner of one agent.
     *
     * @param agent the agent's wiring
     * @param persona who the agent is
     * @param model the chat model
     */
    public TurnRunner(AgentWiring agent, Persona persona, ChatModel model) {
        this.agent = agent;
        this.budget = new DailyTokenBudget(agent.limits().dailyTokenBudget(), agent.clock());
        ConversationWindows windows = new ConversationWindows(agent.agentId(), persona.name(), agent.memory());
        this.composer = new Composer(agent, persona, windows);
        this.reasoner = new Reasoner(agent, model, budget);
        this.toolPath = ToolPath.standard(agent);
        this.responder = new Responder(agent);
        this.rememberer = new Rememberer(agent, windows);
        this.summarizer = new Summarizer(agent, composer, reasoner, windows);
    }

    /** The agent's policy. */
    public Policy policy() {
        return agent.policy();
    }

    /** The agent's tools. */
    public Toolbox tools() {
        return agent.tools();
    }

    /** Starts a turn for an event; run it with {@link #run(Turn)}, give it up with {@link Turn#abandon()}. */
    public Turn newTurn(Event event) {
        return new Turn(event, agent.clock().instant());
    }

    /** Lets memory start, in the background, on the recall the event's turn will make (called when the event arrives). */
    public void prefetch(Event event) {
        composer.prefetch(event);
    }

    /** Runs a new turn for an event. */
    public TurnResult run(Event event) {
        return run(newTurn(event));
    }

    /**
     * Runs a turn; failures come back as a FAILED result. The one exception that passes:
     * {@link FencedException}, when the journal refused a write because another runtime owns the
     * agent now (the turn must end, not be retried).
     */
    public TurnResult run(Turn turn) {
        turn.observe(agent.metrics().start("agentry.turn", Observation.NOOP, agent.agentId()));
        agent.publish(new RuntimeEvent.TurnStarted(agent.agentId(), turn.id(), turn.event(), turn.startedAt()));
        try (Observation.Scope scope = turn.observation().openScope()) {
            return steps(turn);
        }
    }

    private TurnResult steps(Turn turn) {
        if (budget.exhausted()) {
            return finish(turn, TurnResult.Outcome.BUDGET_EXHAUSTED, Optional.empty(),
                    Optional.of("daily token budget of " + budget.limit() + " tokens is spent"));
        }
        try {
            List<ToolSpecification> offered = offered(turn.event().trust());
            composer.compose(turn);
            Optional<String> answer = converse(turn, offered);
            answer.ifPresent(text -> responder.reply(turn, text));
            rememberer.remember(turn, answer);
            summarizer.foldIfDue(turn, offered);
            return finish(turn, answer.isEmpty() ? TurnResult.Outcome.SILENT : TurnResult.Outcome.REPLIED, answer, Optional.empty());
        } catch (TurnInterruptedException e) {
            Thread.currentThread().interrupt();
            return finish(turn, TurnResult.Outcome.FAILED, Optional.empty(), Optional.of("interrupted"));
        } catch (FencedException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = ResultText.describe(e);
            log.warn("agent {} turn for event {} failed: {}", agent.agentId(), turn.event().id(), reason);
            return finish(turn, TurnResult.Outcome.FAILED, Optional.empty(), Optional.of(reason));
        }
    }

    /**
     * Runs one tool call along the guarded path outside a model turn, with the event's trust.
     *
     * @param event the event the call is made for (its id keys the call's idempotency)
     * @param toolName the tool
     * @param argumentsJson the arguments as a JSON object
     * @return how the call ended
     */
    public ToolCall invokeTool(Event event, String toolName, String argumentsJson) {
        return toolPath.run(new ToolInvocation(newTurn(event), toolName, argumentsJson));
    }

    /** The tools offered to the model for an author of this trust. */
    public List<ToolSpecification> offered(Trust trust) {
        return agent.tools().offered(agent.agentId(), agent.policy(), trust);
    }

    /** Reasons and acts until the model answers; the answer, or empty for silence on purpose. */
    private Optional<String> converse(Turn turn, List<ToolSpecification> offered) {
        int maxSteps = agent.limits().maxSteps();
        for (int step = 1; step <= maxSteps; step++) {
            boolean lastStep = step == maxSteps;
            AiMessage ai = reasoner.reason(turn, lastStep ? List.of() : offered);
            if (ai.hasToolExecutionRequests() && !lastStep) {
                turn.messages().add(ai);
                ai.toolExecutionRequests().forEach(request -> act(turn, request));
                continue;
            }
            String text = ai.text() == null ? "" : ai.text().strip();
            return text.isEmpty() || SILENT.matcher(text).matches() ? Optional.empty() : Optional.of(text);
        }
        throw new IllegalStateException("no answer within " + maxSteps + " steps");
    }

    private void act(Turn turn, ToolExecutionRequest request) {
        String result;
        if (turn.countToolCall() > MAX_TOOL_CALLS_PER_TURN) {
            result = "error: too many tool calls in one turn (limit " + MAX_TOOL_CALLS_PER_TURN + "); answer now";
            ToolInvocation refused = new ToolInvocation(turn, request.name(), "");
            turn.toolCalls().add(refused.finish(ToolCall.Decision.INVALID, "call-limit", ToolCall.Outcome.INVALID, result));
        } else {
            result = toolPath.run(new ToolInvocation(turn, request.name(), request.arguments())).result();
        }
        turn.messages().add(ToolExecutionResultMessage.from(request, result));
    }

    private TurnResult finish(Turn turn, TurnResult.Outcome outcome, Optional<String> reply, Optional<String> error) {
        Duration took = Duration.ofNanos(System.nanoTime() - turn.startNanos());
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        agent.metrics().turn(agent.agentId(), tag, took);
        TurnResult result = new TurnResult(agent.agentId(), turn.event(), outcome, reply, turn.modelCalls(), turn.toolCalls(),
                turn.startedAt(), took, error);
        error.ifPresent(e -> turn.observation().highCardinalityKeyValue("error", e));
        turn.observation().lowCardinalityKeyValue("outcome", tag).stop();
        agent.publish(new RuntimeEvent.TurnFinished(agent.agentId(), turn.id(), result, agent.clock().instant()));
        return result;
    }

    /** The daily token budget: tokens used today and the limit. */
    public DailyTokenBudget budget() {
        return budget;
    }
}
