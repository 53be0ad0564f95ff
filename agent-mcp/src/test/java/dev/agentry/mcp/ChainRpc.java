package dev.agentry.mcp;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Independent JSON-RPC reads for assertions: plain java.net.http, none of Agentry's chain code. */
final class ChainRpc {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChainRpc() {}

    static BigInteger balance(String url, String address) throws Exception {
        return quantity(call(url, "eth_getBalance", address));
    }

    static long nonce(String url, String address) throws Exception {
        return quantity(call(url, "eth_getTransactionCount", address)).longValueExact();
    }

    private static JsonNode call(String url, String method, String address) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[\"" + address + "\",\"latest\"]}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(response.body());
        if (node.has("error")) {
            throw new IllegalStateException(method + ": " + node.get("error"));
        }
        return node.get("result");
    }

    private static BigInteger quantity(JsonNode node) {
        return new BigInteger(node.asString().substring(2), 16);
    }
}
