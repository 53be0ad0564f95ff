package dev.agentry.x402.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.ContractCalls;
import dev.agentry.tools.chain.Wallet;
import dev.agentry.x402.X402Asset;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code x402_fetch} tool: fetches a URL and, when it answers {@code 402 Payment Required},
 * pays it with an EIP-3009 authorization signed by the agent's wallet. {@link #spends} probes the
 * URL and declares the price as a spend of the asset to the payee (so caps and the recipient
 * allowlist apply); {@link #execute} pays exactly that offer. The authorization's nonce is derived
 * from the call's idempotency key, so a retried call can never be paid twice; after the answer the
 * nonce's state on chain says whether the payment was taken, and the call settles accordingly.
 * Thread-safe.
 */
public final class FetchTool implements Tool {
    private static final ToolSpecification SPEC = ToolSpecification.builder().name("x402_fetch")
            .description("Fetches an HTTP resource that may charge for it over x402: when it answers 402 Payment Required, pays its price "
                    + "from the agent's wallet (an EIP-3009 authorization, no gas) and fetches it again. Refuses prices above max_amount.")
            .parameters(JsonObjectSchema.builder().addStringProperty("url", "the http(s) URL")
                    .addEnumProperty("method", List.of("GET", "POST"), "GET (default) or POST")
                    .addStringProperty("body", "request body for POST (JSON text)")
                    .addStringProperty("max_amount", "the most to pay for this call, in the asset's units, e.g. \"0.05\"")
                    .required("url").build()).build();

    private final HttpFetcher http;
    private final Wallet wallet;
    private final ContractCalls calls;
    private final long chainId;
    private final String network;
    private final List<X402Asset> assets;
    private final Clock clock;
    private final Cache<String, Offer> offers = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

    /**
     * @param http fetches URLs
     * @param wallet signs authorizations
     * @param calls reads nonce states
     * @param chainId the chain
     * @param network its x402 name
     * @param assets the assets the agent pays with
     * @param clock the clock validity windows start from
     */
    public FetchTool(HttpFetcher http, Wallet wallet, ContractCalls calls, long chainId, String network, List<X402Asset> assets, Clock clock) {
        this.http = http;
        this.wallet = wallet;
        this.calls = calls;
        this.chainId = chainId;
        this.network = network;
        this.assets = List.copyOf(assets);
        this.clock = clock;
    }

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public Effect effect() {
        return Effect.FUNDS;
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(90);
    }

    private static String key(ToolArguments a, ToolContext c) {
        return c.idempotencyKey() + '\u0000' + a.json();
    }

    /** Probes the resource and declares its price; refuses terms this agent cannot or will not pay. */
    @Override
    public List<Spend> spends(ToolArguments a, ToolContext c) {
        Offer offer = new Offers(http, network, assets).probe(a);
        offers.put(key(a, c), offer);
        return offer.spends();
    }

    @Override
    public String execute(ToolArguments a, ToolContext c) {
        String nonce = Numeric.toHexString(Hash.sha3((c.agentId() + '\u0000' + c.idempotencyKey()).getBytes(StandardCharsets.UTF_8)));
        Optional<Map<String, String>> earlier = c.interruptedAttempt().map(r -> r.details()).filter(d -> d.containsKey("x402.nonce"));
        Offer offer = offers.asMap().remove(key(a, c));
        if (offer == null) {
            throw new ToolException("the price of this resource was not checked by the policy just now; call the tool again");
        }
        if (offer.requirements().isEmpty()) {
            return answer(http.fetch(a, Optional.empty()), offer, Optional.empty());
        }
        X402Asset asset = offer.asset().orElseThrow();
        if (used(asset, nonce)) {
            c.settle(earlier.isPresent() ? offer.spends() : List.of());
            throw new ToolException("an earlier attempt of this call already paid " + offer.amount().toPlainString() + " " + asset.symbol()
                    + " (its authorization nonce is used); its answer was lost and it is not paid again");
        }
        Wire.Requirements r = offer.requirements().get();
        long now = clock.instant().getEpochSecond();
        Wire.Payment unsigned = new Wire.Payment(wallet.address(), r.payTo(), r.maxAmountRequired(), BigInteger.valueOf(now - 600),
                BigInteger.valueOf(now + Math.max(30, Math.min(r.maxTimeoutSeconds(), 3600))), nonce, "");
        String signature = wallet.signTypedData(Eip3009.typedData(asset, chainId, unsigned));
        Wire.Payment p = new Wire.Payment(unsigned.from(), unsigned.to(), unsigned.value(), unsigned.validAfter(), unsigned.validBefore(), nonce,
                signature);
        c.checkpoint(Map.of("x402.nonce", nonce, "x402.asset", asset.address(), "x402.payTo", r.payTo(), "x402.amount", offer.amount().toPlainString()));
        HttpFetcher.Response response = http.fetch(a, Optional.of(Wire.encodePayment(network, p)));
        boolean paid = used(asset, nonce);
        c.settle(paid ? offer.spends() : List.of());
        if (response.status() != 200) {
            throw new ToolException("the resource answered HTTP " + response.status() + " " + Offers.error(response.body()) + "; the payment of "
                    + offer.amount().toPlainString() + " " + asset.symbol() + (paid ? " was taken" : " was not taken"));
        }
        return answer(response, offer, Optional.of(paid));
    }

    private boolean used(X402Asset asset, String nonce) {
        return Eip3009.word(calls.read(asset.address(), Eip3009.authorizationState(wallet.address(), nonce))).signum() != 0;
    }

    private String answer(HttpFetcher.Response response, Offer offer, Optional<Boolean> paid) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("status", response.status());
        n.put("paid", paid.orElse(false) ? offer.amount().toPlainString() : "0");
        offer.asset().ifPresent(x -> n.put("asset", x.symbol()));
        offer.requirements().ifPresent(r -> n.put("payTo", r.payTo()));
        response.header(Wire.PAYMENT_RESPONSE).ifPresent(h -> {
            try {
                n.put("transaction", Wire.decode(h).path("transaction").asString(""));
            } catch (IllegalArgumentException e) {
                n.put("transaction", "unreadable X-PAYMENT-RESPONSE");
            }
        });
        n.put("body", http.truncate(response.body()));
        return Wire.JSON.writeValueAsString(n);
    }

    @Override
    public String toString() {
        return "Tool[x402_fetch, FUNDS]";
    }
}
