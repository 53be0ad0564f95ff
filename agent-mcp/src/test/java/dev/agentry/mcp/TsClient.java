package dev.agentry.mcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Builds a plan for ts-client.mjs (the official TypeScript SDK's client), runs it with node and returns its results. */
final class TsClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    final ObjectNode plan = JSON.createObjectNode();
    private final ArrayNode steps = plan.putArray("steps");

    static TsClient http(String url) {
        TsClient client = new TsClient();
        client.plan.put("url", url);
        client.plan.putObject("sessions");
        return client;
    }

    static TsClient stdio(String command, List<String> args) {
        TsClient client = new TsClient();
        ObjectNode stdio = client.plan.putObject("stdio");
        stdio.put("command", command);
        args.forEach(stdio.withArray("args")::add);
        return client;
    }

    TsClient session(String name, String token) {
        ((ObjectNode) plan.get("sessions")).put(name, token);
        return this;
    }

    TsClient list(String as) {
        steps.addObject().put("as", as).put("op", "list");
        return this;
    }

    TsClient call(String as, String tool, String argumentsJson, String idempotencyKey) {
        fill(steps.addObject().put("as", as).put("op", "call"), tool, argumentsJson, idempotencyKey);
        return this;
    }

    TsClient parallel(String as, int times, String tool, String argumentsJson) {
        ArrayNode calls = steps.addObject().put("as", as).put("op", "parallel").putArray("calls");
        for (int i = 0; i < times; i++) {
            fill(calls.addObject(), tool, argumentsJson, null);
        }
        return this;
    }

    /** Runs the plan; one result per step, in order. */
    List<JsonNode> run() throws Exception {
        Path file = Files.createTempFile("mcp-plan", ".json");
        try {
            Files.writeString(file, JSON.writeValueAsString(plan));
            String out = NodeScripts.run("ts-client.mjs", List.of(file.toString()), 180);
            System.out.println("ts-client results: " + out);
            return JSON.readTree(out).valueStream().toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void fill(ObjectNode call, String tool, String argumentsJson, String idempotencyKey) {
        call.put("name", tool).set("arguments", JSON.readTree(argumentsJson));
        if (idempotencyKey != null) {
            call.putObject("meta").put("idempotencyKey", idempotencyKey);
        }
    }
}
