package dev.agentry.tools.chain.internal;

import io.reactivex.Flowable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.websocket.events.Notification;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * JSON-RPC over HTTP for web3j's typed requests, with one JSON mapper for the whole process.
 * web3j's own {@code HttpService} builds an ObjectMapper per instance, so every toolkit (one per
 * agent) held a mapper whose serializer caches and method handles warmed up on their own: new
 * agents ran their first calls cold, and the JIT kept recompiling the same JSON code for each.
 * This service reads and writes with web3j's mapper configuration, shared. A batch's answers are
 * matched to its calls by id (JSON-RPC lets a node answer a batch in any order; web3j matches by
 * position). Thread-safe; {@link #close()} does nothing (the HTTP client is the caller's).
 */
final class NodeService implements Web3jService {
    private static final ObjectMapper JSON = ObjectMapperFactory.getObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final String url;
    private final OkHttpClient client;

    NodeService(String url, OkHttpClient client) {
        this.url = url;
        this.client = client;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
        byte[] answer = post(JSON.writeValueAsString(request));
        return JSON.readValue(answer, responseType);
    }

    @Override
    public BatchResponse sendBatch(BatchRequest batch) throws IOException {
        List<Request<?, ? extends Response<?>>> requests = batch.getRequests();
        if (requests.isEmpty()) {
            return new BatchResponse(List.of(), List.of());
        }
        JsonNode answers = JSON.readTree(post(JSON.writeValueAsString(requests)));
        if (!answers.isArray()) {
            // a node that refuses the whole batch answers with one error object
            throw new ClientConnectionException("the node answered a batch of " + requests.size() + " calls with " + abbreviated(answers));
        }
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode a : answers) {
            if (a.path("id").canConvertToLong()) {
                byId.put(a.path("id").asLong(), a);
            }
        }
        List<Response<?>> responses = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Request<?, ? extends Response<?>> r = requests.get(i);
            JsonNode a = byId.size() == answers.size() ? byId.get(r.getId()) : answers.get(i);
            responses.add(a == null ? null : JSON.treeToValue(a, r.getResponseType()));
        }
        return new BatchResponse(requests, responses);
    }

    private byte[] post(String payload) throws IOException {
        okhttp3.Request http = new okhttp3.Request.Builder().url(url).post(RequestBody.create(payload, JSON_TYPE)).build();
        try (okhttp3.Response response = client.newCall(http).execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                String text = body == null ? "" : body.string();
                throw new ClientConnectionException(response.code(), "HTTP " + response.code() + " from the node: " + abbreviated(text));
            }
            return body.bytes();
        }
    }

    private static String abbreviated(Object text) {
        String s = String.valueOf(text);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> responseType) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, responseType);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batch) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sendBatch(batch);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    @SuppressWarnings("rawtypes")
    public <T extends Notification<?>> Flowable<T> subscribe(Request request, String unsubscribeMethod, Class<T> responseType) {
        throw new UnsupportedOperationException("subscriptions need a WebSocket node connection; this one is HTTP");
    }

    @Override
    public void close() {
    }
}
