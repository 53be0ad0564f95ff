package dev.agentry.core.internal;

import dev.agentry.core.Event;
import dev.agentry.core.EventSink;
import dev.agentry.core.TurnResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The runtime's sink for an agent's triggers: into its mailbox, a page of events in one journal write. */
public final class HostSink implements EventSink {
    private final AgentHost host;

    /** A sink into this agent's mailbox. */
    public HostSink(AgentHost host) {
        this.host = host;
    }

    @Override
    public boolean deliver(Event event) {
        return !host.submit(event).isCompletedExceptionally();
    }

    @Override
    public int deliverAll(List<Event> events) {
        int delivered = 0;
        for (CompletableFuture<TurnResult> turn : host.submitAll(List.copyOf(events))) {
            if (turn.isCompletedExceptionally()) {
                break;
            }
            delivered++;
        }
        return delivered;
    }
}
