package dev.agentry.console.internal;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Approval;
import dev.agentry.core.CapUsage;
import dev.agentry.core.DeadLetter;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.TurnResult;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The API's reads: session, agents, turns, journal search, dead letters, approvals, chart series, the event stream, the spec. */
final class ReadApi {
    private static final Duration DEFAULT_SEARCH_WINDOW = Duration.ofHours(1);
    private static final int RECENT_ERRORS = 5;

    private final ConsoleParts parts;
    private final AgentRuntime runtime;

    ReadApi(ConsoleParts parts) {
        this.parts = parts;
        this.runtime = parts.runtime();
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/api/session", this::session),
                new Route("GET", "/api/agents", c -> agents()),
                new Route("GET", "/api/turns", this::turns),
                new Route("GET", "/api/journal", this::journal),
                new Route("GET", "/api/dead-letters", c -> deadLetters()),
                new Route("GET", "/api/approvals", this::approvals),
                new Route("GET", "/api/series", c -> parts.series().json()),
                new Route("GET", "/api/events", this::events),
                new Route("GET", "/api/openapi.json", this::spec));
    }

    private JsonNode session(Route.Call call) {
        ObjectNode o = Wire.object().put("operator", call.operator());
        parts.operators().session(AuthFilter.cookie(call.request())).ifPresent(s -> o.put("csrf", s.csrf()));
        return o;
    }

    private JsonNode agents() {
        ArrayNode list = Wire.JSON.createArrayNode();
        for (String id : runtime.agents().stream().sorted().toList()) {
            ObjectNode agent = Wire.status(runtime.status(id));
            ArrayNode errors = agent.putArray("recentErrors");
            runtime.journal().turns(id, 50).stream().filter(t -> t.outcome() == TurnResult.Outcome.FAILED).limit(RECENT_ERRORS)
                    .forEach(t -> errors.addObject().put("at", t.startedAt().toString()).put("eventId", t.event().id())
                            .put("error", t.error().orElse("failed")));
            agent.put("deadLetters", unresolved(id).size());
            list.add(agent);
        }
        return Wire.object().set("agents", list);
    }

    private JsonNode turns(Route.Call call) {
        int limit = call.number("limit", 20, 200);
        List<TurnResult> turns = new ArrayList<>();
        for (String id : agentsOf(call)) {
            turns.addAll(runtime.journal().turns(id, limit));
        }
        turns.sort(Comparator.comparing(TurnResult::startedAt).reversed());
        ArrayNode list = Wire.JSON.createArrayNode();
        turns.stream().limit(limit).forEach(t -> list.add(Wire.turn(t)));
        return Wire.object().set("turns", list);
    }

    private JsonNode journal(Route.Call call) {
        Instant now = parts.clock().instant();
        Instant since = call.query("since").map(v -> instant("since", v)).orElse(now.minus(DEFAULT_SEARCH_WINDOW));
        Instant until = call.query("until").map(v -> instant("until", v)).orElse(Instant.MAX);
        Optional<String> tool = call.query("tool");
        Optional<EffectRecord.Status> outcome = call.query("outcome").map(ReadApi::status);
        int limit = call.number("limit", 100, 1_000);
        List<EffectRecord> found = new ArrayList<>();
        for (String id : agentsOf(call)) {
            for (EffectRecord r : runtime.journal().effectsSince(id, since)) {
                if (!r.updatedAt().isAfter(until) && tool.map(r.tool()::equals).orElse(true) && outcome.map(r.status()::equals).orElse(true)) {
                    found.add(r);
                }
            }
        }
        found.sort(Comparator.comparing(EffectRecord::updatedAt).reversed());
        ArrayNode list = Wire.JSON.createArrayNode();
        found.stream().limit(limit).forEach(r -> list.add(Wire.effect(r)));
        return Wire.object().put("matched", found.size()).set("records", list);
    }

    private JsonNode deadLetters() {
        ArrayNode list = Wire.JSON.createArrayNode();
        List<DeadLetter> all = new ArrayList<>();
        runtime.agents().forEach(id -> all.addAll(unresolved(id)));
        all.sort(Comparator.comparing(DeadLetter::at).reversed());
        all.forEach(d -> list.add(Wire.deadLetter(d)));
        return Wire.object().set("deadLetters", list);
    }

    private JsonNode approvals(Route.Call call) {
        Map<String, List<CapUsage>> caps = new HashMap<>();
        ArrayNode list = Wire.JSON.createArrayNode();
        for (Approval a : runtime.approvals(call.number("limit", 50, 500))) {
            List<CapUsage> agentCaps = caps.computeIfAbsent(a.agentId(), id -> runtime.agents().contains(id) ? runtime.status(id).caps() : List.of());
            list.add(Wire.approval(a, agentCaps));
        }
        return Wire.object().set("approvals", list);
    }

    private JsonNode events(Route.Call call) throws IOException {
        HttpServletResponse response = call.response();
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Accel-Buffering", "no");
        String last = call.request().getHeader("Last-Event-ID");
        long after = last != null ? parseSeq(last) : call.query("since").map(ReadApi::parseSeq).orElse(Long.MAX_VALUE);
        AsyncContext async = call.request().startAsync();
        async.setTimeout(0);
        response.flushBuffer();
        parts.feed().attach(async, after == Long.MAX_VALUE ? parts.feed().latest() : after);
        return null;
    }

    private JsonNode spec(Route.Call call) throws IOException {
        try (InputStream in = ReadApi.class.getResourceAsStream("/dev/agentry/console/web/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return Wire.JSON.readTree(in);
        }
    }

    private List<DeadLetter> unresolved(String agentId) {
        return runtime.journal().deadLetters(agentId).stream().filter(d -> !parts.resolutions().resolved(d)).toList();
    }

    private List<String> agentsOf(Route.Call call) {
        return call.query("agent").map(List::of).orElseGet(() -> runtime.agents().stream().sorted().toList());
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "query parameter '" + name + "' must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, was '" + value + "'");
        }
    }

    private static EffectRecord.Status status(String value) {
        try {
            return EffectRecord.Status.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "query parameter 'outcome' must be STARTED, DONE or FAILED, was '" + value + "'");
        }
    }

    private static long parseSeq(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "event id must be a whole number, was '" + value + "'");
        }
    }
}
