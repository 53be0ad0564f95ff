package dev.agentry.core.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The runtime's meters and observations. Without a meter registry no meter is recorded; without an
 * observation registry every observation is a no-op.
 *
 * <p>Meters: {@code agentry.turns} (timer; agent, outcome), {@code agentry.model.calls} (timer;
 * agent, model, outcome), {@code agentry.model.tokens} (agent, direction), {@code agentry.tool.calls}
 * (timer of the whole guarded path; agent, tool, effect, outcome), {@code agentry.policy.decisions}
 * (agent, rule, decision), {@code agentry.events} (agent, outcome), {@code agentry.mailbox.depth}
 * (gauge; agent), {@code agentry.dead.letters} (agent), {@code agentry.listener.dropped} and
 * {@code agentry.listener.failures} (listener).
 *
 * <p>Observations: {@code agentry.turn} (agent, outcome) with children {@code agentry.model.call}
 * (agent, model, outcome) and {@code agentry.tool.call} (agent, tool, outcome).
 */
public final class Metrics {
    private final Optional<MeterRegistry> registry;
    private final ObservationRegistry observations;

    /** Creates meters on a registry, or none, and no observations. */
    public Metrics(Optional<MeterRegistry> registry) {
        this(registry, ObservationRegistry.NOOP);
    }

    /** Creates meters on a registry, or none, and observations on a registry. */
    public Metrics(Optional<MeterRegistry> registry, ObservationRegistry observations) {
        this.registry = registry;
        this.observations = observations;
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

    /** Records a model call, its latency and its tokens. */
    public void modelCall(String agent, String model, String outcome, int inputTokens, int outputTokens, Duration duration) {
        registry.ifPresent(r -> {
            Timer.builder("agentry.model.calls").description("Chat model calls, retries included")
                    .tag("agent", agent).tag("model", model).tag("outcome", outcome).register(r).record(duration);
            if (inputTokens > 0) {
                Counter.builder("agentry.model.tokens").tag("agent", agent).tag("direction", "in").register(r).increment(inputTokens);
            }
            if (outputTokens > 0) {
                Counter.builder("agentry.model.tokens").tag("agent", agent).tag("direction", "out").register(r).increment(outputTokens);
            }
        });
    }

    /** Records a tool call's outcome and latency; {@code effect} is the tool's effect class, {@code none} for an unknown tool. */
    public void toolCall(String agent, String tool, String effect, String outcome, Duration duration) {
        registry.ifPresent(r -> Timer.builder("agentry.tool.calls").description("Tool calls along the guarded path")
                .tag("agent", agent).tag("tool", tool).tag("effect", effect).tag("outcome", outcome).register(r).record(duration));
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

    /** Records a runtime event dropped for a listener whose queue was full. */
    public void listenerDropped(String listener) {
        registry.ifPresent(r -> Counter.builder("agentry.listener.dropped").description("Runtime events dropped for a slow listener")
                .tag("listener", listener).register(r).increment());
    }

    /** Records a listener that threw. */
    public void listenerFailed(String listener) {
        registry.ifPresent(r -> Counter.builder("agentry.listener.failures").tag("listener", listener).register(r).increment());
    }

    /**
     * Starts an observation; the caller stops it.
     *
     * @param name the observation's name
     * @param parent its parent, {@link Observation#NOOP} for none
     * @param agent the agent, a low-cardinality key value
     * @return the started observation (a no-op without a registry)
     */
    public Observation start(String name, Observation parent, String agent) {
        Observation observation = Observation.createNotStarted(name, observations).lowCardinalityKeyValue("agent", agent);
        if (!parent.isNoop()) {
            observation.parentObservation(parent);
        }
        return observation.start();
    }
}
