package dev.agentry.console.internal;

import dev.agentry.core.RuntimeEvent;
import tools.jackson.databind.node.ObjectNode;

/** A runtime event as the event stream sends it: {@code type}, {@code agent}, {@code at}, and the event's own fields. */
public final class EventWire {
    private EventWire() {}

    /** The JSON of an event. */
    public static ObjectNode of(RuntimeEvent event) {
        ObjectNode o = Wire.object().put("type", event.type()).put("agent", event.agentId()).put("at", event.at().toString());
        switch (event) {
            case RuntimeEvent.TurnStarted e -> o.put("turn", e.turnId()).set("event", Wire.event(e.event()));
            case RuntimeEvent.TurnFinished e -> o.put("turn", e.turnId()).set("result", Wire.turn(e.result()));
            case RuntimeEvent.ModelCalled e -> o.put("turn", e.turnId()).put("model", e.model()).set("call", Wire.modelCall(e.call()));
            case RuntimeEvent.ToolCallDecided e -> {
                o.put("turn", e.turnId()).put("tool", e.tool()).put("arguments", e.arguments()).put("decision", e.decision().name())
                        .put("rule", e.rule()).put("reason", e.reason()).put("key", e.idempotencyKey());
                o.set("spends", Wire.spends(e.spends()));
            }
            case RuntimeEvent.ToolCallExecuted e -> o.put("turn", e.turnId()).put("tool", e.tool()).put("key", e.idempotencyKey())
                    .put("outcome", e.outcome().name()).put("ms", Wire.millis(e.duration()));
            case RuntimeEvent.ToolCallJournalled e -> o.put("turn", e.turnId()).set("record", Wire.effect(e.record()));
            case RuntimeEvent.ToolCallFinished e -> o.put("turn", e.turnId()).put("ms", Wire.millis(e.duration())).set("call", Wire.toolCall(e.call()));
            case RuntimeEvent.ReplyPosted e -> o.put("turn", e.turnId()).put("eventId", e.eventId()).put("channel", e.channel()).put("text", e.text());
            case RuntimeEvent.DeadLettered e -> o.set("letter", Wire.deadLetter(e.letter()));
            case RuntimeEvent.ApprovalRequested e -> o.set("approval", Wire.approval(e.approval(), java.util.List.of()));
            case RuntimeEvent.ApprovalDecided e -> o.set("approval", Wire.approval(e.approval(), java.util.List.of()));
        }
        return o;
    }
}
