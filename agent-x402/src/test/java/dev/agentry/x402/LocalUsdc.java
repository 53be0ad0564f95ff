package dev.agentry.x402;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Base Sepolia for x402 tests: Anvil with chain id 84532 (x402 names it "base-sepolia"),
 * the test USDC deployed from tools-chain's artifact with dev account 1 as minter, and independent
 * JSON-RPC reads (plain java.net.http).
 */
final class LocalUsdc implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final Anvil anvil;
    final String usdc;

    LocalUsdc() {
        anvil = Anvil.builder().args("--chain-id", "84532").start();
        String bytecode;
        try (InputStream in = LocalUsdc.class.getResourceAsStream("/dev/agentry/tools/chain/contracts/AgentryTestUsdc.json")) {
            bytecode = JSON.readTree(in).get("bytecode").asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode receipt = send(Anvil.ADDRESS_1, null, bytecode + word(Anvil.ADDRESS_1));
        usdc = receipt.get("contractAddress").asString();
    }

    ChainToolkit toolkit(String key) {
        return ChainToolkit.builder().chain(Chain.BASE_SEPOLIA).rpcUrl(anvil.url()).wallet(wallet(key))
                .receiptPollInterval(Duration.ofMillis(20)).receiptTimeout(Duration.ofSeconds(30)).build();
    }

    static Wallet wallet(String key) {
        return Wallet.fromPrivateKey(Secret.of(key, "test key"));
    }

    static String word(String address) {
        return "0".repeat(24) + address.substring(2).toLowerCase();
    }

    /** Mints whole-cent test dollars: {@code micros} base units. */
    void mint(String to, long micros) {
        JsonNode r = send(Anvil.ADDRESS_1, usdc, "0x40c10f19" + word(to) + String.format("%064x", micros));
        assertThat(r.get("status").asString()).isEqualTo("0x1");
    }

    BigInteger balance(String owner) {
        return quantity(call("eth_call", tx(null, usdc, "0x70a08231" + word(owner)), "latest"));
    }

    boolean nonceUsed(String authorizer, String nonce) {
        return quantity(call("eth_call", tx(null, usdc, "0xe94a0102" + word(authorizer) + nonce.substring(2)), "latest")).signum() != 0;
    }

    private static ObjectNode tx(String from, String to, String data) {
        ObjectNode tx = JSON.createObjectNode();
        if (from != null) {
            tx.put("from", from);
        }
        if (to != null) {
            tx.put("to", to);
        }
        tx.put("data", data);
        return tx;
    }

    JsonNode send(String from, String to, String data) {
        ObjectNode tx = tx(from, to, data);
        tx.put("gas", "0x" + Long.toHexString(5_000_000));
        String hash = call("eth_sendTransaction", tx).asString();
        JsonNode r = call("eth_getTransactionReceipt", hash);
        for (int i = 0; i < 500 && r.isNull(); i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            r = call("eth_getTransactionReceipt", hash);
        }
        return r;
    }

    JsonNode call(String method, Object... params) {
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.put("id", 1);
        body.put("method", method);
        for (Object p : params) {
            body.withArray("params").addPOJO(p);
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(anvil.url())).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body());
            if (n.has("error")) {
                throw new IllegalStateException(method + ": " + n.get("error"));
            }
            return n.get("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static BigInteger quantity(JsonNode n) {
        String hex = n.asString().substring(2);
        return hex.isEmpty() ? BigInteger.ZERO : new BigInteger(hex, 16);
    }

    @Override
    public void close() {
        anvil.close();
    }
}
