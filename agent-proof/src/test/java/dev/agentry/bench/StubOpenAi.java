package dev.agentry.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local OpenAI-compatible chat endpoint ({@code POST /v1/chat/completions}) that answers at once
 * and measures what it was sent: the prompt tokens of every request counted with the o200k
 * tokenizer (jtokkit; messages, tool calls and tool definitions, with OpenAI's per-message
 * overhead), the raw request bodies, and the time spent inside the stub (so that callers can
 * subtract it). Serves 127.0.0.1 only. Used by the cost benchmark and by the proof suite.
 */
public final class StubOpenAi implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    /** One request as received. */
    public record Received(String body, JsonNode request, int promptTokens, int completionTokens, long nanosInside) {
        /** The request's messages serialised on their own (what a provider's prefix cache sees, in order). */
        public String messagesJson() {
            return request.get("messages").toString();
        }

        /** All message contents joined, for "does this text reach the model" checks. */
        public String allText() {
            StringBuilder sb = new StringBuilder();
            for (JsonNode m : request.get("messages")) {
                sb.append(text(m.get("content"))).append('\n');
                JsonNode calls = m.get("tool_calls");
                if (calls != null) {
                    sb.append(calls.toString()).append('\n');
                }
            }
            return sb.toString();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger embeddingTexts = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong embeddingNanos = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger embeddingCalls = new AtomicInteger();
    private volatile Function<JsonNode, ObjectNode> responder;

    private StubOpenAi(HttpServer server, ExecutorService executor, Function<JsonNode, ObjectNode> responder) {
        this.server = server;
        this.executor = executor;
        this.responder = responder;
    }

    /**
     * Starts the stub on a free loopback port.
     *
     * @param responder builds the assistant message (an object with {@code content} and/or
     *     {@code tool_calls}) from the request
     * @return the running stub
     */
    public static StubOpenAi start(Function<JsonNode, ObjectNode> responder) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            server.setExecutor(executor);
            StubOpenAi stub = new StubOpenAi(server, executor, responder);
            server.createContext("/v1/chat/completions", stub::handle);
            server.createContext("/v1/embeddings", stub::embed);
            server.createContext("/v1/responses", stub::respond);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stub endpoint", e);
        }
    }

    /** An assistant message with just text. */
    public static ObjectNode text(String content) {
        ObjectNode m = JSON.createObjectNode();
        m.put("role", "assistant");
        m.put("content", content);
        return m;
    }

    /** Replaces the responder. */
    public void responder(Function<JsonNode, ObjectNode> responder) {
        this.responder = responder;
    }

    /** The base URL for an OpenAI client, ending in {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Everything received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Embedding requests served ({@code POST /v1/embeddings}). */
    public int embeddingCalls() {
        return embeddingCalls.get();
    }

    /** Texts embedded over all embedding requests. */
    public int embeddingTexts() {
        return embeddingTexts.get();
    }

    /** Time spent inside the stub answering embedding requests. */
    public long embeddingNanos() {
        return embeddingNanos.get();
    }

    /** Forgets what was received. */
    public void clear() {
        received.clear();
    }

    /** Counts o200k tokens of a text. */
    public static int tokens(String text) {
        return O200K.countTokensOrdinary(text);
    }

    private void handle(HttpExchange exchange) throws IOException {
        serve(exchange, request -> request, (request, message, prompt, completion) -> {
            ObjectNode response = JSON.createObjectNode();
            response.put("id", "chatcmpl-stub-" + ids.incrementAndGet());
            response.put("object", "chat.completion");
            response.put("created", System.currentTimeMillis() / 1000);
            response.put("model", request.path("model").asString("stub"));
            ObjectNode choice = response.putArray("choices").addObject();
            choice.put("index", 0);
            choice.set("message", message);
            choice.put("finish_reason", message.has("tool_calls") ? "tool_calls" : "stop");
            ObjectNode usage = response.putObject("usage");
            usage.put("prompt_tokens", prompt);
            usage.put("completion_tokens", completion);
            usage.put("total_tokens", prompt + completion);
            return response;
        });
    }

    /** {@code POST /v1/responses} (OpenAI's Responses API, which the AI SDK uses), answered like a chat request with the same messages. */
    private void respond(HttpExchange exchange) throws IOException {
        serve(exchange, StubOpenAi::asChat, (request, message, prompt, completion) -> {
            ObjectNode response = JSON.createObjectNode();
            response.put("id", "resp_stub_" + ids.incrementAndGet());
            response.put("object", "response");
            response.put("created_at", System.currentTimeMillis() / 1000);
            response.put("status", "completed");
            response.put("model", request.path("model").asString("stub"));
            ObjectNode out = response.putArray("output").addObject();
            out.put("type", "message");
            out.put("id", "msg_stub_" + ids.get());
            out.put("status", "completed");
            out.put("role", "assistant");
            ObjectNode text = out.putArray("content").addObject();
            text.put("type", "output_text");
            text.put("text", text(message.get("content")));
            text.putArray("annotations");
            ObjectNode usage = response.putObject("usage");
            usage.put("input_tokens", prompt);
            usage.put("output_tokens", completion);
            usage.put("total_tokens", prompt + completion);
            return response;
        });
    }

    /** A Responses API request as a chat request: {@code instructions} and {@code input} become {@code messages}. */
    static ObjectNode asChat(JsonNode request) {
        ObjectNode chat = JSON.createObjectNode();
        chat.put("model", request.path("model").asString("stub"));
        ArrayNode messages = chat.putArray("messages");
        if (request.hasNonNull("instructions")) {
            messages.addObject().put("role", "system").put("content", request.get("instructions").asString());
        }
        JsonNode input = request.get("input");
        if (input != null && input.isString()) {
            messages.addObject().put("role", "user").put("content", input.asString());
        } else if (input != null) {
            for (JsonNode item : input) {
                messages.addObject().put("role", item.path("role").asString("user")).put("content", text(item.get("content")));
            }
        }
        if (request.has("tools")) {
            chat.set("tools", request.get("tools"));
        }
        return chat;
    }

    /** Builds a response body from the request, the assistant message and the token counts. */
    @FunctionalInterface
    private interface Shape {
        ObjectNode response(JsonNode request, ObjectNode message, int promptTokens, int completionTokens);
    }

    private void serve(HttpExchange exchange, Function<JsonNode, JsonNode> toChat, Shape shape) throws IOException {
        long t0 = System.nanoTime();
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode request = toChat.apply(JSON.readTree(body));
            int prompt = promptTokens(request);
            ObjectNode message = responder.apply(request);
            int completion = tokens(text(message.get("content"))) + (message.has("tool_calls") ? tokens(message.get("tool_calls").toString()) : 0);
            byte[] out = shape.response(request, message, prompt, completion).toString().getBytes(StandardCharsets.UTF_8);
            // recorded before answering, so a caller that got the answer always finds the record
            received.add(new Received(body, request, prompt, completion, System.nanoTime() - t0));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            byte[] out = ("{\"error\":{\"message\":\"stub failed: " + e.getClass().getSimpleName() + "\",\"type\":\"server_error\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(500, out.length);
            exchange.getResponseBody().write(out);
        } finally {
            exchange.close();
        }
    }

    /** Answers {@code POST /v1/embeddings} with deterministic unit vectors (character trigrams) of the requested dimensions. */
    private void embed(HttpExchange exchange) throws IOException {
        long t0 = System.nanoTime();
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            JsonNode input = request.get("input");
            List<String> texts = new ArrayList<>();
            if (input.isArray()) {
                input.forEach(t -> texts.add(t.asString("")));
            } else {
                texts.add(input.asString(""));
            }
            int dimensions = request.path("dimensions").asInt(1536);
            ObjectNode response = JSON.createObjectNode();
            response.put("object", "list");
            ArrayNode data = response.putArray("data");
            for (int i = 0; i < texts.size(); i++) {
                ObjectNode item = data.addObject();
                item.put("object", "embedding");
                item.put("index", i);
                ArrayNode vector = item.putArray("embedding");
                for (float f : HashEmbedding.vector(texts.get(i), dimensions)) {
                    vector.add(f);
                }
            }
            response.put("model", request.path("model").asString("stub"));
            ObjectNode usage = response.putObject("usage");
            int tokens = texts.stream().mapToInt(StubOpenAi::tokens).sum();
            usage.put("prompt_tokens", tokens);
            usage.put("total_tokens", tokens);
            byte[] out = response.toString().getBytes(StandardCharsets.UTF_8);
            embeddingCalls.incrementAndGet();
            embeddingTexts.addAndGet(texts.size());
            embeddingNanos.addAndGet(System.nanoTime() - t0);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    /** Prompt tokens the way OpenAI counts chat requests: 3 per message + role + content (+ name, tool calls), 3 to prime the reply, plus tool definitions. */
    static int promptTokens(JsonNode request) {
        int n = 3;
        for (JsonNode m : request.get("messages")) {
            n += 3 + tokens(m.path("role").asString(""));
            n += tokens(text(m.get("content")));
            if (m.has("tool_calls")) {
                n += tokens(m.get("tool_calls").toString());
            }
            if (m.has("name")) {
                n += 1 + tokens(m.get("name").asString());
            }
        }
        if (request.has("tools")) {
            n += tokens(request.get("tools").toString());
        }
        return n;
    }

    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : content) {
                parts.add(part.path("text").asString(""));
            }
            return String.join("\n", parts);
        }
        return content.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
