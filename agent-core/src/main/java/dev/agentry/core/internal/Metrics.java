package dev.agentry.core.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runtime's meters. Without a registry every method does nothing.
 *
 * <p>Meters: {@code agentry.turns} (timer; agent, outcome), {@code agentry.model.calls} (agent,
 * outcome), {@code agentry.model.tokens} (agent, direction), {@code agentry.tool.calls} (agent, tool,
 * effect, outcome), {@code agentry.policy.decisions} (agent, rule, decision), {@code agentry.events} (agent,
 * outcome), {@code agentry.mailbox.depth} (gauge; agent), {@code agentry.dead.letters} (agent).
 */
public final class Metrics {
    private final Optional<MeterRegistry> registry;

    /** Creates meters on a registry, or none. */
    public Metrics(Optional<MeterRegistry> registry) {
        this.registry = registry;
    }

    /** The registry, if any. */
    public Optional<MeterRegistry> registry() {
        return registry;
    }

    /** Records a finished turn. */
    public void turn(String agent, String outcome, Duration duration) {
        registry.ifPresent(r -> Timer.builder("agentry.turns").description("Turns processed")
                .tag("agent", agent).tag("outcome", outcome).register(r).record(duration));
    }

    /** Records a model call and its tokens. */
    public void modelCall(String agent, String outcome, int inputTokens, int outputTokens) {
        registry.ifPresent(r -> {
            Counter.builder("agentry.model.calls").tag("agent", agent).tag("outcome", outcome).register(r).increment();
            if (inputTokens > 0) {
                Counter.builder("agentry.model.tokens").tag("agent", agent).tag("direction", "in").register(r).increment(inputTokens);
            }
            if (outputTokens > 0) {
                Counter.builder("agentry.model.tokens").tag("agent", agent).tag("direction", "out").register(r).increment(outputTokens);
            }
        });
    }

    /** Records a tool call's outcome; {@code effect} is the tool's effect class, {@code none} for an unknown tool. */
    public void toolCall(String agent, String tool, String effect, String outcome) {
        registry.ifPresent(r -> Counter.builder("agentry.tool.calls").tag("agent", agent).tag("tool", tool)
                .tag("effect", effect).tag("outcome", outcome).register(r).increment());
    }

    /** Records a policy decision. */
    public void policyDecision(String agent, String rule, String decision) {
        registry.ifPresent(r -> Counter.builder("agentry.policy.decisions").tag("agent", agent).tag("rule", rule)
                .tag("decision", decision).register(r).increment());
    }

    /** Records what happened to a submitted event. */
    public void event(String agent, String outcome) {
        registry.ifPresent(r -> Counter.builder("agentry.events").tag("agent", agent).tag("outcome", outcome).register(r).increment());
    }

    /** Records a dead letter. */
    public void deadLetter(String agent) {
        registry.ifPresent(r -> Counter.builder("agentry.dead.letters").tag("agent", agent).register(r).increment());
    }

    /** Registers the mailbox depth gauge. */
    public void mailbox(String agent, Supplier<Number> depth) {
        registry.ifPresent(r -> Gauge.builder("agentry.mailbox.depth", depth).tag("agent", agent).strongReference(true).register(r));
    }
}
