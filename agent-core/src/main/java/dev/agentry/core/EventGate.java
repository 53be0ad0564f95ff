package dev.agentry.core;

import java.util.List;
import java.util.Optional;

/**
 * Decides, for every event that arrives for an agent, whether it reaches the agent and as what:
 * a gate may raise or lower the event's {@link Trust} (for example to what the author's token
 * holdings earn) or turn the event away (a holders-only bot ignores everyone else). Gates run
 * before the event is accepted into the journal's inbox, in the order plugins give them; an event
 * turned away completes with {@link TurnResult.Outcome#GATED} and is counted in
 * {@code agentry.events} with {@code outcome=gated}.
 *
 * <p>Plugins contribute gates through {@link Plugin#eventGates(PluginContext)}. A gate must be
 * thread-safe and fast (it runs on the caller's thread); a gate that throws turns the event away
 * rather than letting it in unchecked.
 */
@FunctionalInterface
public interface EventGate {

    /**
     * Admits, changes or turns away one event.
     *
     * @param agentId the agent the event is for
     * @param event the event as it arrived
     * @return the event to deliver (the same, or a copy with another trust or attributes), or
     *     empty to turn it away
     */
    Optional<Event> admit(String agentId, Event event);

    /**
     * Returns a gate that applies these gates in order, stopping at the first that turns the
     * event away; a gate that throws turns it away too (logged at WARN).
     *
     * @param gates the gates
     * @return the combined gate; one that admits everything for an empty list
     */
    static EventGate allOf(List<EventGate> gates) {
        List<EventGate> copy = List.copyOf(gates);
        return (agentId, event) -> {
            Optional<Event> current = Optional.of(event);
            for (EventGate gate : copy) {
                try {
                    current = gate.admit(agentId, current.get());
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(EventGate.class).warn("agent {}: an event gate failed on event {} ({}); the event is turned away",
                            agentId, event.id(), e.getClass().getSimpleName());
                    return Optional.empty();
                }
                if (current.isEmpty()) {
                    break;
                }
            }
            return current;
        };
    }
}
