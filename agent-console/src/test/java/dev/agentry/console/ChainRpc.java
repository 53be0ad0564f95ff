package dev.agentry.console;

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

    /** An ERC-20 balance in base units, by {@code eth_call} of {@code balanceOf(address)}. */
    static BigInteger tokenBalance(String url, String token, String holder) throws Exception {
        String data = "0x70a08231" + "0".repeat(24) + holder.substring(2).toLowerCase();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_call\",\"params\":[{\"to\":\"" + token + "\",\"data\":\"" + data + "\"},\"latest\"]}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(response.body());
        if (node.has("error")) {
            throw new IllegalStateException("eth_call: " + node.get("error"));
        }
        return new BigInteger(node.get("result").asString().substring(2), 16);
    }
}
