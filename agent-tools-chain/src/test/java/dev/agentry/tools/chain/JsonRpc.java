package dev.agentry.tools.chain;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Independent JSON-RPC access for assertions: plain java.net.http, none of our wallet code. */
final class JsonRpc {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private JsonRpc() {
    }

    static JsonNode call(String url, String method, Object... params) {
        try {
            var body = JSON.createObjectNode();
            body.put("jsonrpc", "2.0");
            body.put("id", 1);
            body.put("method", method);
            var arr = body.putArray("params");
            for (Object p : params) {
                arr.addPOJO(p);
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body());
            if (n.has("error")) {
                throw new IllegalStateException(method + ": " + n.get("error"));
            }
            return n.get("result");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static BigInteger quantity(JsonNode n) {
        return new BigInteger(n.asString().substring(2), 16);
    }

    static BigInteger balance(String url, String address) {
        return quantity(call(url, "eth_getBalance", address, "latest"));
    }

    static long nonce(String url, String address) {
        return quantity(call(url, "eth_getTransactionCount", address, "latest")).longValueExact();
    }

    /** balanceOf(address) via eth_call with hand-made calldata. */
    static BigInteger tokenBalance(String url, String token, String owner) {
        String data = "0x70a08231" + "0".repeat(24) + owner.substring(2).toLowerCase();
        var tx = JSON.createObjectNode();
        tx.put("to", token);
        tx.put("data", data);
        return quantity(call(url, "eth_call", tx, "latest"));
    }

    static JsonNode receipt(String url, String hash) {
        JsonNode receipt = call(url, "eth_getTransactionReceipt", hash);
        for (int i = 0; i < 500 && (receipt == null || receipt.isNull()); i++) {
            // automine answers eth_sendTransaction before the block is always queryable on a loaded machine
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the receipt of " + hash, e);
            }
            receipt = call(url, "eth_getTransactionReceipt", hash);
        }
        return receipt;
    }

    /**
     * Sends a transaction from an unlocked Anvil dev account (eth_sendTransaction, explicit gas so
     * a reverting one is mined too) and returns its receipt.
     */
    static JsonNode send(String url, String from, String to, BigInteger value, String data) {
        var tx = JSON.createObjectNode();
        tx.put("from", from);
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("value", "0x" + value.toString(16));
        tx.put("data", data);
        tx.put("gas", "0x" + Long.toHexString(5_000_000));
        String hash = call(url, "eth_sendTransaction", tx).asString();
        long until = System.nanoTime() + 10_000_000_000L;
        JsonNode r = receipt(url, hash);
        while ((r == null || r.isNull()) && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            r = receipt(url, hash);
        }
        if (r == null || r.isNull()) {
            throw new IllegalStateException("no receipt for " + hash + " within 10 s");
        }
        return r;
    }

    /** eth_call; a revert throws IllegalStateException carrying the node's error (with the revert data). */
    static String ethCall(String url, String from, String to, String data) {
        var tx = JSON.createObjectNode();
        tx.put("from", from);
        tx.put("to", to);
        tx.put("data", data);
        return call(url, "eth_call", tx, "latest").asString();
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
