package dev.agentry.core;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.util.List;

/**
 * A capability offered to the model: a name, a description, JSON-schema parameters and an
 * {@link Effect} class.
 *
 * <p>The runtime validates the model's arguments against {@link #specification()} before anything
 * else, asks the {@link Policy}, then calls {@link #execute}. The returned text (usually JSON) goes
 * back to the model. Throw {@link ToolException} for an error the model should see.
 *
 * <p>Plain objects whose methods carry LangChain4j's {@code @Tool} are accepted as tools too (see
 * {@link Agent.Builder#toolsFrom(Object)}).
 *
 * <p>Implementations must be thread-safe: several agents may call one tool instance at once.
 */
public interface Tool {

    /**
     * Returns the name, description and JSON-schema parameters shown to the model. The name is
     * snake_case and unique within an agent.
     *
     * @return the specification
     */
    ToolSpecification specification();

    /**
     * Returns the class of side effect this tool has.
     *
     * @return the effect
     */
    Effect effect();

    /**
     * Returns the tool's name, the one in its specification.
     *
     * @return the name
     */
    default String name() {
        return specification().name();
    }

    /**
     * Declares the value a call with these arguments would move, before it executes, so the
     * policy can check spend caps and recipient allowlists. {@link Effect#FUNDS} tools must
     * override it; others move nothing.
     *
     * @param arguments the validated arguments
     * @param context the call's context
     * @return the spends, empty if none
     * @throws ToolException if the arguments cannot be understood (the call is then refused)
     */
    default List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return List.of();
    }

    /**
     * Returns how long one call may take before the runtime abandons it and reports a timeout
     * to the model.
     *
     * @return the timeout
     */
    default Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Executes the call.
     *
     * @param arguments validated arguments
     * @param context the call's context (agent, event, idempotency key, journal checkpoints)
     * @return the result text shown to the model
     * @throws ToolException for a failure the model should see and may correct; any other
     *     runtime exception is unexpected, logged, and shown to the model as a generic tool error
     *     (for a {@link Effect#FUNDS} tool the call is then left for reconciliation, because value
     *     may have moved)
     */
    String execute(ToolArguments arguments, ToolContext context);
}
