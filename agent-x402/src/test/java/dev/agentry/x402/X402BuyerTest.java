package dev.agentry.x402;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.ChainToolkit;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/**
 * The buyer side on a local Base Sepolia: {@code x402_fetch} pays a reference seller built on
 * the npm {@code x402} facilitator (which verifies our signature with viem and settles it), and
 * our own endpoint; the price is declared to the policy, and a retried call never pays twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class X402BuyerTest {
    private LocalUsdc chain;
    private ChainToolkit agent;
    private Tool fetch;
    private NodeScript reference;
    private String referenceUrl;
    private final String payTo = Numeric.toHexString(new SecureRandom().generateSeed(20));

    @BeforeAll
    void start() {
        chain = new LocalUsdc();
        agent = chain.toolkit(Anvil.KEY_2);
        chain.mint(agent.address(), 1_000_000);
        fetch = X402Buyer.builder().chain(agent).wallet(LocalUsdc.wallet(Anvil.KEY_2)).assets(List.of(X402Asset.usdc(chain.usdc))).build()
                .tools().get(0);
        reference = NodeScript.start("x402-sell.mjs", Map.of("FACILITATOR_KEY", Anvil.KEY_1, "RPC_URL", chain.anvil.url(), "ASSET", chain.usdc,
                "PAY_TO", payTo, "PRICE", "10000"));
        referenceUrl = "http://127.0.0.1:" + reference.line().get("port").asInt() + "/report";
    }

    @AfterAll
    void stop() {
        reference.close();
        agent.close();
        chain.close();
    }

    /** A tool context with its own idempotency key, recording checkpoints and the settlement. */
    static final class Ctx implements ToolContext {
        final String key;
        final Map<String, String> checkpoints = new ConcurrentHashMap<>();
        volatile List<Spend> settled;

        Ctx(String key) {
            this.key = key;
        }

        @Override
        public String agentId() {
            return "buyer";
        }

        @Override
        public Event event() {
            return Event.of("e1", "local", "owner", "c1", "buy", Trust.OWNER);
        }

        @Override
        public String idempotencyKey() {
            return key;
        }

        @Override
        public Optional<EffectRecord> interruptedAttempt() {
            return Optional.empty();
        }

        @Override
        public void checkpoint(Map<String, String> details) {
            checkpoints.putAll(details);
        }

        @Override
        public void settle(List<Spend> actual) {
            settled = List.copyOf(actual);
        }
    }

    @Test
    void theToolPaysTheReferenceSellerExactlyWhatItDeclared() {
        ToolArguments args = ToolArguments.parse("{\"url\":\"" + referenceUrl + "\",\"max_amount\":\"0.05\"}");
        Ctx ctx = new Ctx("k-" + System.nanoTime());
        List<Spend> declared = fetch.spends(args, ctx);
        assertThat(declared).containsExactly(Spend.of(chain.usdc.toLowerCase(), new BigDecimal("0.01"), payTo));
        BigInteger before = chain.balance(agent.address());
        JsonNode r = LocalUsdc.JSON.readTree(fetch.execute(args, ctx));
        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(r.get("paid").asString()).isEqualTo("0.01");
        assertThat(LocalUsdc.JSON.readTree(r.get("body").asString()).get("answer").asString()).isEqualTo("paid content");
        JsonNode receipt = chain.call("eth_getTransactionReceipt", r.get("transaction").asString());
        assertThat(receipt.get("status").asString()).isEqualTo("0x1");
        assertThat(chain.balance(agent.address())).isEqualTo(before.subtract(BigInteger.valueOf(10_000)));
        assertThat(chain.balance(payTo)).isGreaterThanOrEqualTo(BigInteger.valueOf(10_000));
        assertThat(ctx.settled).isEqualTo(declared);
        assertThat(chain.nonceUsed(agent.address(), ctx.checkpoints.get("x402.nonce"))).isTrue();

        // the same call again (same idempotency key): the nonce is used, nothing is paid twice
        Ctx again = new Ctx(ctx.key);
        fetch.spends(args, again);
        BigInteger after = chain.balance(agent.address());
        assertThatThrownBy(() -> fetch.execute(args, again)).isInstanceOf(ToolException.class)
                .hasMessage("an earlier attempt of this call already paid 0.01 USDC (its authorization nonce is used); its answer was lost and "
                        + "it is not paid again");
        assertThat(chain.balance(agent.address())).isEqualTo(after);
        assertThat(again.settled).isEmpty();
    }

    @Test
    void termsThisAgentWillNotPayAreRefusedBeforeSigning() {
        BigInteger before = chain.balance(agent.address());
        assertThatThrownBy(() -> fetch.spends(ToolArguments.parse("{\"url\":\"" + referenceUrl + "\",\"max_amount\":\"0.005\"}"), new Ctx("a")))
                .isInstanceOf(ToolException.class).hasMessage("the resource costs 0.01 USDC, more than max_amount 0.005; nothing was paid");
        assertThatThrownBy(() -> fetch.spends(ToolArguments.parse("{\"url\":\"file:///etc/passwd\"}"), new Ctx("b")))
                .hasMessage("argument 'url' must be an http:// or https:// URL, got \"file:///etc/passwd\"");
        Tool otherAsset = X402Buyer.builder().chain(agent).wallet(LocalUsdc.wallet(Anvil.KEY_2))
                .assets(List.of(X402Asset.usdc("0x" + "1".repeat(40)))).build().tools().get(0);
        assertThatThrownBy(() -> otherAsset.spends(ToolArguments.parse("{\"url\":\"" + referenceUrl + "\"}"), new Ctx("c")))
                .hasMessageStartingWith("the resource asks for exact 10000 of " + chain.usdc + " on base-sepolia, none of which this agent pays with");
        Tool hostBound = X402Buyer.builder().chain(agent).wallet(LocalUsdc.wallet(Anvil.KEY_2)).assets(List.of(X402Asset.usdc(chain.usdc)))
                .allowedHosts(List.of("api.example")).build().tools().get(0);
        assertThatThrownBy(() -> hostBound.spends(ToolArguments.parse("{\"url\":\"" + referenceUrl + "\"}"), new Ctx("d")))
                .hasMessage("host 127.0.0.1 is not among the hosts this agent may pay: [api.example]");
        assertThatThrownBy(() -> fetch.execute(ToolArguments.parse("{\"url\":\"" + referenceUrl + "\"}"), new Ctx("e")))
                .hasMessage("the price of this resource was not checked by the policy just now; call the tool again");
        assertThat(chain.balance(agent.address())).isEqualTo(before);
        assertThatThrownBy(() -> X402Buyer.builder().chain(agent).wallet(LocalUsdc.wallet(Anvil.KEY_0)).assets(List.of(X402Asset.usdc(chain.usdc)))
                .build()).hasMessageContaining("is not the toolkit's");
    }

    @Test
    void thePolicyJudgesTheDeclaredPrice() {
        ToolArguments args = ToolArguments.parse("{\"url\":\"" + referenceUrl + "\"}");
        List<Spend> declared = fetch.spends(args, new Ctx("p"));
        java.util.function.Function<StandardPolicy, PolicyDecision> decide = p -> p.decide(new PolicyRequest("buyer", "x402_fetch",
                fetch.effect(), Event.of("e1", "local", "owner", "c1", "buy", Trust.OWNER), args, declared, "p", Instant.now()));
        String usdc = chain.usdc.toLowerCase();
        PolicyDecision capped = decide.apply(StandardPolicy.builder().spendCap(usdc, new BigDecimal("0.005"), Duration.ofDays(1)).build());
        assertThat(capped.rule()).isEqualTo("spend-cap");
        PolicyDecision elsewhere = decide.apply(StandardPolicy.builder().spendCap(usdc, BigDecimal.ONE, Duration.ofDays(1))
                .recipientAllowlist(List.of(Anvil.ADDRESS_0)).build());
        assertThat(elsewhere.rule()).isEqualTo("recipient-allowlist");
        PolicyDecision allowed = decide.apply(StandardPolicy.builder().spendCap(usdc, new BigDecimal("0.01"), Duration.ofDays(1))
                .recipientAllowlist(List.of(payTo)).build());
        assertThat(allowed.verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
    }

    @Test
    void ourToolPaysOurEndpoint() {
        AtomicCount served = new AtomicCount();
        try (ChainToolkit seller = chain.toolkit(Anvil.KEY_0);
                PaidEndpoint.Running running = PaidEndpoint.builder().chain(seller).asset(X402Asset.usdc(chain.usdc))
                        .price(new BigDecimal("0.02")).service(req -> "{\"served\":" + served.next() + "}").build().start("127.0.0.1", 0)) {
            ToolArguments args = ToolArguments.parse("{\"url\":\"" + running.url() + "/work\",\"method\":\"POST\",\"body\":\"{}\"}");
            Ctx ctx = new Ctx("own-" + System.nanoTime());
            assertThat(fetch.spends(args, ctx)).containsExactly(Spend.of(chain.usdc.toLowerCase(), new BigDecimal("0.02"), seller.address()));
            BigInteger before = chain.balance(seller.address());
            JsonNode r = LocalUsdc.JSON.readTree(fetch.execute(args, ctx));
            assertThat(r.get("paid").asString()).isEqualTo("0.02");
            assertThat(r.get("body").asString()).isEqualTo("{\"served\":1}");
            assertThat(chain.balance(seller.address())).isEqualTo(before.add(BigInteger.valueOf(20_000)));
        }
    }

    /** A counter. */
    static final class AtomicCount {
        private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

        int next() {
            return n.incrementAndGet();
        }
    }
}
