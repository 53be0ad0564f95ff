package dev.agentry.x402;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import dev.agentry.x402.internal.Eip3009;
import dev.agentry.x402.internal.Wire;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/**
 * The seller side on a local Base Sepolia: the npm {@code x402} client pays our endpoint, the
 * payment is settled on chain before the service runs, and one payment is never served twice
 * (replayed, or sent by many threads at once). Forged and stale payments are refused with x402's
 * codes and move nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaidEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private LocalUsdc chain;
    private ChainToolkit seller;
    private PaidEndpoint.Running running;
    private final AtomicInteger served = new AtomicInteger();
    private final String payTo = Numeric.toHexString(new SecureRandom().generateSeed(20));

    @BeforeAll
    void start() {
        chain = new LocalUsdc();
        seller = chain.toolkit(Anvil.KEY_0);
        PaidEndpoint endpoint = PaidEndpoint.builder().chain(seller).asset(X402Asset.usdc(chain.usdc)).price(new BigDecimal("0.01"))
                .payTo(payTo).describe("one answer", "application/json").service(req -> "{\"answer\":42,\"served\":" + served.incrementAndGet()
                        + ",\"payer\":\"" + req.payer() + "\",\"amount\":\"" + req.amount() + "\"}").build();
        running = endpoint.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        running.close();
        seller.close();
        chain.close();
    }

    private static HttpResponse<String> get(String url, String payment) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (payment != null) {
            b.header("X-PAYMENT", payment);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(402);
        JsonNode n = LocalUsdc.JSON.readTree(r.body());
        assertThat(n.get("x402Version").asInt()).isEqualTo(1);
        assertThat(n.get("accepts").get(0).get("scheme").asString()).isEqualTo("exact");
        return n.get("error").asString();
    }

    /** A payment signed in Java by {@code signer} for the given terms. */
    private String payment(Wallet signer, String from, String to, long value, long validBefore) {
        byte[] nonce = new SecureRandom().generateSeed(32);
        long now = System.currentTimeMillis() / 1000;
        Wire.Payment p = new Wire.Payment(from, to, BigInteger.valueOf(value), BigInteger.valueOf(now - 600), BigInteger.valueOf(validBefore),
                Numeric.toHexString(nonce), "");
        String sig = signer.signTypedData(Eip3009.typedData(X402Asset.usdc(chain.usdc), 84532, p));
        return Wire.encodePayment("base-sepolia", new Wire.Payment(p.from(), p.to(), p.value(), p.validAfter(), p.validBefore(), p.nonce(), sig));
    }

    @Test
    void theReferenceClientPaysOnceAndAReplayIsRefused() throws Exception {
        Wallet buyer = LocalUsdc.wallet(Anvil.KEY_2);
        chain.mint(buyer.address(), 1_000_000);
        BigInteger buyerBefore = chain.balance(buyer.address());
        BigInteger payeeBefore = chain.balance(payTo);
        int servedBefore = served.get();
        JsonNode r;
        try (NodeScript client = NodeScript.start("x402-pay.mjs", Map.of("PAYER_KEY", Anvil.KEY_2, "RPC_URL", chain.anvil.url()),
                running.url() + "/ask?q=life")) {
            r = client.line();
        }
        assertThat(r.get("status").asInt()).as(r.toString()).isEqualTo(200);
        JsonNode body = LocalUsdc.JSON.readTree(r.get("body").asString());
        assertThat(body.get("answer").asInt()).isEqualTo(42);
        assertThat(body.get("payer").asString()).isEqualToIgnoringCase(buyer.address());
        assertThat(body.get("amount").asString()).isEqualTo("0.01");
        JsonNode settled = LocalUsdc.JSON.readTree(Base64.getDecoder().decode(r.get("paymentResponse").asString()));
        assertThat(settled.get("success").asBoolean()).isTrue();
        assertThat(settled.get("network").asString()).isEqualTo("base-sepolia");
        JsonNode receipt = chain.call("eth_getTransactionReceipt", settled.get("transaction").asString());
        assertThat(receipt.get("status").asString()).isEqualTo("0x1");
        assertThat(receipt.get("from").asString()).isEqualToIgnoringCase(seller.address());
        assertThat(chain.balance(buyer.address())).isEqualTo(buyerBefore.subtract(BigInteger.valueOf(10_000)));
        assertThat(chain.balance(payTo)).isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
        assertThat(served.get()).isEqualTo(servedBefore + 1);

        // the same X-PAYMENT again: refused, not served, nothing moves
        HttpResponse<String> replay = get(running.url() + "/ask?q=life", r.get("paymentHeader").asString());
        assertThat(error(replay)).startsWith("duplicate_settlement");
        assertThat(served.get()).isEqualTo(servedBefore + 1);
        assertThat(chain.balance(payTo)).isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
    }

    @Test
    void forgedShortStaleAndUnfundedPaymentsAreRefusedAndMoveNothing() throws Exception {
        Wallet buyer = LocalUsdc.wallet(Anvil.KEY_1);
        chain.mint(buyer.address(), 1_000_000);
        Wallet poor = LocalUsdc.wallet(Numeric.toHexStringNoPrefix(new SecureRandom().generateSeed(32)));
        long later = System.currentTimeMillis() / 1000 + 120;
        String url = running.url() + "/ask";
        int servedBefore = served.get();
        BigInteger payeeBefore = chain.balance(payTo);

        assertThat(error(get(url, null))).isEqualTo("X-PAYMENT header is required");
        assertThat(error(get(url, "not base64 at all"))).startsWith("invalid_payload");
        assertThat(error(get(url, payment(buyer, buyer.address(), Anvil.ADDRESS_2, 10_000, later))))
                .isEqualTo("invalid_exact_evm_payload_recipient_mismatch");
        assertThat(error(get(url, payment(buyer, buyer.address(), payTo, 9_999, later)))).startsWith("invalid_exact_evm_payload_authorization_value");
        assertThat(error(get(url, payment(buyer, buyer.address(), payTo, 10_000, System.currentTimeMillis() / 1000 + 3))))
                .isEqualTo("invalid_exact_evm_payload_authorization_valid_before");
        // mallory signs an authorization that names the buyer as payer
        assertThat(error(get(url, payment(poor, buyer.address(), payTo, 10_000, later)))).isEqualTo("invalid_exact_evm_payload_signature");
        assertThat(error(get(url, payment(poor, poor.address(), payTo, 10_000, later)))).isEqualTo("insufficient_funds");
        assertThat(served.get()).isEqualTo(servedBefore);
        assertThat(chain.balance(payTo)).isEqualTo(payeeBefore);

        // positive control: a good payment signed in Java is served
        HttpResponse<String> ok = get(url, payment(buyer, buyer.address(), payTo, 10_000, later));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-PAYMENT-RESPONSE")).isPresent();
        assertThat(served.get()).isEqualTo(servedBefore + 1);
        assertThat(chain.balance(payTo)).isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
    }

    @Test
    void copiesOfOnePaymentSentAtOnceAreServedOnce() throws Exception {
        Wallet buyer = LocalUsdc.wallet(Anvil.KEY_0);
        chain.mint(buyer.address(), 1_000_000);
        String header = payment(buyer, buyer.address(), payTo, 10_000, System.currentTimeMillis() / 1000 + 120);
        int servedBefore = served.get();
        BigInteger payeeBefore = chain.balance(payTo);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                copies.add(() -> get(running.url() + "/ask", header).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(copies)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 402).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(served.get()).isEqualTo(servedBefore + 1);
        assertThat(chain.balance(payTo)).isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
    }

    @Test
    void theBuilderFailsFast() {
        assertThatThrownBy(() -> PaidEndpoint.builder().price(BigDecimal.ONE).price(BigDecimal.TEN)).isInstanceOf(IllegalStateException.class)
                .hasMessage("price was already set");
        assertThatThrownBy(() -> PaidEndpoint.builder().price(BigDecimal.ZERO)).hasMessage("price must be positive, got 0");
        assertThatThrownBy(() -> PaidEndpoint.builder().chain(seller).asset(X402Asset.usdc(chain.usdc)).price(new BigDecimal("0.0000001"))
                .service(r -> "").build()).hasMessage("price 0.0000001 has more decimals than USDC (6)");
    }
}
