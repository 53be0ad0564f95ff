package dev.agentry.cluster;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the chain over plain JSON-RPC (not the toolkit's client): what really happened on Anvil. */
final class ChainReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A transaction as mined. */
    record Tx(String from, String to, long nonce, BigInteger value) {}

    private final String url;

    ChainReader(String url) {
        this.url = url;
    }

    JsonNode call(String method, String paramsJson) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(r.body());
        if (node.has("error")) {
            throw new IllegalStateException(method + " failed: " + node.get("error"));
        }
        return node.get("result");
    }

    void fund(String address, BigInteger wei) throws Exception {
        call("anvil_setBalance", "[\"" + address + "\",\"0x" + wei.toString(16) + "\"]");
    }

    /** Every transaction mined so far, block by block. */
    List<Tx> transactions() throws Exception {
        List<Tx> out = new ArrayList<>();
        long latest = hex(call("eth_blockNumber", "[]").asString()).longValueExact();
        for (long b = 0; b <= latest; b++) {
            for (JsonNode tx : call("eth_getBlockByNumber", "[\"0x" + Long.toHexString(b) + "\",true]").get("transactions")) {
                out.add(new Tx(tx.get("from").asString().toLowerCase(), tx.path("to").asString("").toLowerCase(),
                        hex(tx.get("nonce").asString()).longValueExact(), hex(tx.get("value").asString())));
            }
        }
        return out;
    }

    static BigInteger hex(String v) {
        return v.equals("0x") ? BigInteger.ZERO : new BigInteger(v.substring(2), 16);
    }
}
