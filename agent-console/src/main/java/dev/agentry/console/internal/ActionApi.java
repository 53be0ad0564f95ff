package dev.agentry.console.internal;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Approval;
import dev.agentry.core.DeadLetter;
import java.io.IOException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The API's state-changing calls: approve or deny an approval, retry or discard a dead letter.
 * Each is made in the name of the operator who is logged in (or whose bearer token it is); the
 * core journals approvals with that name, and dead-letter actions are kept with it.
 */
final class ActionApi {
    private final ConsoleParts parts;
    private final AgentRuntime runtime;

    ActionApi(ConsoleParts parts) {
        this.parts = parts;
        this.runtime = parts.runtime();
    }

    List<Route> routes() {
        return List.of(
                new Route("POST", "/api/approvals/{id}/approve", c -> decide(c, true)),
                new Route("POST", "/api/approvals/{id}/deny", c -> decide(c, false)),
                new Route("POST", "/api/dead-letters/retry", c -> resolve(c, Resolutions.Action.RETRIED)),
                new Route("POST", "/api/dead-letters/discard", c -> resolve(c, Resolutions.Action.DISCARDED)));
    }

    private JsonNode decide(Route.Call call, boolean approve) throws IOException {
        String note = text(call.body(), "note", false);
        String id = call.path().get("id");
        Approval after = approve ? runtime.approve(id, call.operator(), note) : runtime.deny(id, call.operator(), note);
        String agent = after.agentId();
        return Wire.approval(after, runtime.agents().contains(agent) ? runtime.status(agent).caps() : List.of());
    }

    private JsonNode resolve(Route.Call call, Resolutions.Action action) throws IOException {
        JsonNode body = call.body();
        String agent = text(body, "agent", true);
        String eventId = text(body, "eventId", true);
        String at = text(body, "at", true);
        DeadLetter letter = runtime.journal().deadLetters(agent).stream()
                .filter(d -> d.event().id().equals(eventId) && d.at().toString().equals(at)).findFirst()
                .orElseThrow(() -> new ApiException(404, "no dead letter of agent '" + agent + "' for event '" + eventId + "' at " + at));
        if (!parts.resolutions().resolve(letter, action, call.operator(), parts.clock().instant())) {
            throw new ApiException(409, "that dead letter was resolved already");
        }
        if (action == Resolutions.Action.RETRIED) {
            runtime.retry(letter);
        }
        return Wire.deadLetter(letter).put("action", action.name()).put("by", call.operator());
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ApiException(400, "the body needs '" + field + "'");
            }
            return "";
        }
        if (!value.isString()) {
            throw new ApiException(400, "'" + field + "' must be a string");
        }
        return value.asString();
    }
}
