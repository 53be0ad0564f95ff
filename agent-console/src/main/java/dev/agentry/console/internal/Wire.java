package dev.agentry.console.internal;

import dev.agentry.core.AgentStatus;
import dev.agentry.core.Approval;
import dev.agentry.core.CapUsage;
import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.ModelCall;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolCall;
import dev.agentry.core.TurnResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's wire format: the JSON shapes of the core's values, as the API and the event stream
 * send them (documented in {@code openapi.json}). Amounts are decimal strings, times ISO-8601,
 * durations milliseconds. Never holds a secret: arguments come redacted from the core.
 */
public final class Wire {
    /** The console's one JSON mapper. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Wire() {}

    /** A new empty object. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** An event (the stimulus), without its attributes' values beyond strings. */
    public static ObjectNode event(Event e) {
        ObjectNode o = object().put("id", e.id()).put("source", e.source()).put("author", e.author()).put("conversation", e.conversation())
                .put("text", e.text()).put("trust", e.trust().name()).put("receivedAt", e.receivedAt().toString());
        ObjectNode attributes = o.putObject("attributes");
        e.attributes().forEach(attributes::put);
        return o;
    }

    /** A spend list. */
    public static ArrayNode spends(List<Spend> spends) {
        ArrayNode a = JSON.createArrayNode();
        for (Spend s : spends) {
            ObjectNode o = a.addObject().put("asset", s.asset()).put("amount", s.amount().toPlainString());
            s.recipient().ifPresent(r -> o.put("recipient", r));
        }
        return a;
    }

    /** A model call. */
    public static ObjectNode modelCall(ModelCall c) {
        return object().put("inputTokens", c.inputTokens()).put("outputTokens", c.outputTokens()).put("ms", millis(c.duration()))
                .put("finishReason", c.finishReason());
    }

    /** A tool call as the turn records it. */
    public static ObjectNode toolCall(ToolCall c) {
        return object().put("tool", c.tool()).put("arguments", c.arguments()).put("decision", c.decision().name()).put("rule", c.rule())
                .put("outcome", c.outcome().name()).put("result", c.result()).put("key", c.idempotencyKey());
    }

    /** A turn's result. */
    public static ObjectNode turn(TurnResult t) {
        ObjectNode o = object().put("agent", t.agentId()).put("outcome", t.outcome().name()).put("startedAt", t.startedAt().toString())
                .put("ms", millis(t.duration())).put("inputTokens", t.inputTokens()).put("outputTokens", t.outputTokens());
        o.set("event", event(t.event()));
        t.reply().ifPresent(r -> o.put("reply", r));
        t.error().ifPresent(r -> o.put("error", r));
        ArrayNode models = o.putArray("modelCalls");
        t.modelCalls().forEach(m -> models.add(modelCall(m)));
        ArrayNode tools = o.putArray("toolCalls");
        t.toolCalls().forEach(c -> tools.add(toolCall(c)));
        return o;
    }

    /** A journal effect record. */
    public static ObjectNode effect(EffectRecord r) {
        ObjectNode o = object().put("key", r.key()).put("agent", r.agentId()).put("eventId", r.eventId()).put("tool", r.tool())
                .put("status", r.status().name()).put("updatedAt", r.updatedAt().toString());
        ObjectNode details = o.putObject("details");
        r.details().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> details.put(e.getKey(), e.getValue()));
        o.set("spends", spends(r.spends()));
        r.result().ifPresent(v -> o.put("result", v));
        return o;
    }

    /** A dead letter. */
    public static ObjectNode deadLetter(DeadLetter d) {
        ObjectNode o = object().put("agent", d.agentId()).put("attempts", d.attempts()).put("reason", d.reason()).put("at", d.at().toString());
        o.set("event", event(d.event()));
        return o;
    }

    /** An approval, with the agent's caps of the assets it spends. */
    public static ObjectNode approval(Approval a, List<CapUsage> caps) {
        ObjectNode o = object().put("id", a.id()).put("agent", a.agentId()).put("tool", a.tool()).put("arguments", a.arguments())
                .put("rule", a.rule()).put("reason", a.reason()).put("key", a.callKey()).put("requestedAt", a.requestedAt().toString())
                .put("expiresAt", a.expiresAt().toString()).put("status", a.status().name());
        o.set("event", event(a.event()));
        o.set("spends", spends(a.spends()));
        a.decidedBy().ifPresent(v -> o.put("decidedBy", v));
        a.note().ifPresent(v -> o.put("note", v));
        a.decidedAt().ifPresent(v -> o.put("decidedAt", v.toString()));
        a.outcome().ifPresent(v -> o.put("outcome", v.name()));
        a.result().ifPresent(v -> o.put("result", v));
        ArrayNode against = o.putArray("caps");
        for (CapUsage cap : caps) {
            if (a.spends().stream().anyMatch(s -> s.asset().equalsIgnoreCase(cap.asset()))) {
                against.add(cap(cap));
            }
        }
        return o;
    }

    /** A cap and its use. */
    public static ObjectNode cap(CapUsage c) {
        return object().put("rule", c.rule()).put("asset", c.asset()).put("cap", c.cap().toPlainString()).put("used", c.used().toPlainString())
                .put("windowSeconds", c.window().toSeconds());
    }

    /** An agent's status. */
    public static ObjectNode status(AgentStatus s) {
        ObjectNode o = object().put("id", s.agentId()).put("running", s.running()).put("busy", s.busy()).put("queued", s.queued())
                .put("tokensToday", s.tokensToday()).put("dailyTokenBudget", s.dailyTokenBudget());
        ArrayNode caps = o.putArray("caps");
        s.caps().forEach(c -> caps.add(cap(c)));
        ArrayNode tools = o.putArray("tools");
        s.tools().forEach(tools::add);
        return o;
    }

    /** Milliseconds, with a fraction. */
    public static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }
}
