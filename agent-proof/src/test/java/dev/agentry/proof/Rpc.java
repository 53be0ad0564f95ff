package dev.agentry.proof;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Independent JSON-RPC reads of the chain (java.net.http, not the toolkit's client): what really happened. */
final class Rpc {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;

    Rpc(String url) {
        this.url = url;
    }

    JsonNode call(String method, String paramsJson) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = JSON.readTree(r.body());
            if (node.has("error")) {
                throw new IllegalStateException(method + " failed: " + node.get("error"));
            }
            return node.get("result");
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    BigInteger balance(String address) {
        return hex(call("eth_getBalance", "[\"" + address + "\",\"latest\"]").asString());
    }

    long nonce(String address) {
        return hex(call("eth_getTransactionCount", "[\"" + address + "\",\"latest\"]").asString()).longValueExact();
    }

    /** The nonce the next transaction would get, counting the node's pool. */
    long pendingNonce(String address) {
        return hex(call("eth_getTransactionCount", "[\"" + address + "\",\"pending\"]").asString()).longValueExact();
    }

    long blockNumber() {
        return hex(call("eth_blockNumber", "[]").asString()).longValueExact();
    }

    /** ERC-20 balanceOf. */
    BigInteger tokenBalance(String token, String holder) {
        String data = "0x70a08231" + pad(holder);
        return hex(call("eth_call", "[{\"to\":\"" + token + "\",\"data\":\"" + data + "\"},\"latest\"]").asString());
    }

    /** ERC-20 allowance(owner, spender). */
    BigInteger allowance(String token, String owner, String spender) {
        String data = "0xdd62ed3e" + pad(owner) + pad(spender);
        return hex(call("eth_call", "[{\"to\":\"" + token + "\",\"data\":\"" + data + "\"},\"latest\"]").asString());
    }

    /** Number of transactions in all blocks from {@code from} to latest that were sent by {@code sender}. */
    int transactionsFrom(String sender, long from) {
        return transactionHashesFrom(sender, from).size();
    }

    /** Hashes of the transactions in all blocks from {@code from} to latest that were sent by {@code sender}, in order. */
    java.util.List<String> transactionHashesFrom(String sender, long from) {
        java.util.List<String> hashes = new java.util.ArrayList<>();
        long latest = blockNumber();
        for (long b = from; b <= latest; b++) {
            JsonNode block = call("eth_getBlockByNumber", "[\"0x" + Long.toHexString(b) + "\",true]");
            for (JsonNode tx : block.get("transactions")) {
                if (tx.get("from").asString().equalsIgnoreCase(sender)) {
                    hashes.add(tx.get("hash").asString());
                }
            }
        }
        return hashes;
    }

    private static String pad(String address) {
        String a = address.substring(2).toLowerCase();
        return "0".repeat(64 - a.length()) + a;
    }

    static BigInteger hex(String v) {
        return v.equals("0x") ? BigInteger.ZERO : new BigInteger(v.substring(2), 16);
    }
}
