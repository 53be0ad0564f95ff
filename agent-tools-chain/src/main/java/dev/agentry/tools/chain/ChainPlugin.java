package dev.agentry.tools.chain;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Event;
import dev.agentry.core.EventGate;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.PolicyRule;
import dev.agentry.core.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code chain} plugin: builds a {@link ChainToolkit} from the agent's {@code "chain"}
 * configuration section. Registered for {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * "chain": {
 *   "preset": "anvil",                               // base | base-sepolia | ethereum | sepolia | anvil
 *   "rpcUrl": "${RPC_URL:-http://127.0.0.1:8545}",
 *   "chainId": 31337,                                // optional with a preset; required without
 *   "name": "my-chain", "nativeSymbol": "ETH",       // only without a preset
 *   "wallet": {"privateKey": "${AGENT_PRIVATE_KEY}"} // or {"keystore": "path", "password": "${KEYSTORE_PASSWORD}"}
 *   "maxFeePerGasGwei": "50",
 *   "gasMargin": "0.2",
 *   "receiptPollIntervalMs": 100,
 *   "receiptTimeoutSeconds": 120,
 *   "slippagePercent": "1",                          // curve trades without a given minimum
 *   "tradeDeadlineSeconds": 600,                     // curve trades expire on chain after this
 *   "tokens": {"TIP": "0x..."},
 *   "uniswapV2": {"factory": "0x...", "router": "0x...", "weth": "0x..."} // default: the preset's, if any
 * }
 * }</pre>
 *
 * <p>Secrets ({@code privateKey}, {@code password}) must be {@code ${ENV}} references. An agent
 * without a {@code chain} section gets no chain tools. The toolkit is closed when the runtime
 * closes.
 */
public final class ChainPlugin implements Plugin {

    /** Creates the plugin (used by {@link java.util.ServiceLoader}). */
    public ChainPlugin() {
    }

    /** @return {@code "chain"} */
    @Override
    public String name() {
        return "chain";
    }

    /**
     * Builds the chain tools from the {@code chain} section.
     *
     * @param context the agent's context
     * @return the tools, or an empty list without a {@code chain} section
     * @throws ConfigException naming the bad key when the section is wrong or the node serves another chain
     */
    @Override
    public List<Tool> tools(PluginContext context) {
        return wiring(context).map(w -> {
            List<Tool> tools = new java.util.ArrayList<>(w.toolkit().tools());
            w.gate().ifPresent(g -> tools.addAll(g.tools()));
            return List.copyOf(tools);
        }).orElse(List.of());
    }

    /**
     * With a {@code holders} section, the gate that raises an event's trust to what its author's
     * linked holdings earn and, in holders-only mode, turns everyone else away.
     */
    @Override
    public List<EventGate> eventGates(PluginContext context) {
        return wiring(context).flatMap(Wiring::gate).<List<EventGate>>map(gate -> List.of((agentId, event) -> {
            Event resolved = gate.resolve(event);
            return gate.admits(resolved) ? Optional.of(resolved) : Optional.empty();
        })).orElse(List.of());
    }

    /** With a {@code holders} section, the {@code holder-recheck} rule (balances re-read before FUNDS and SIGN calls). */
    @Override
    public List<PolicyRule> policyRules(PluginContext context) {
        return wiring(context).flatMap(Wiring::gate).map(gate -> List.of(gate.fundsRule())).orElse(List.of());
    }

    private record Wiring(PluginContext context, ChainToolkit toolkit, Optional<HolderGate> gate) {}

    private final java.util.Map<String, Wiring> wirings = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<Wiring> wiring(PluginContext context) {
        Optional<ConfigSection> section = context.section("chain");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Wiring existing = wirings.get(context.agentId());
        if (existing != null && existing.context() == context) {
            return Optional.of(existing);
        }
        try {
            ChainToolkit toolkit = toolkit(section.get());
            context.closeOnShutdown(toolkit);
            Optional<HolderGate> gate = context.section("holders").map(h -> HolderGate.fromConfig(h, toolkit, context.persona().name()));
            Wiring built = new Wiring(context, toolkit, gate);
            wirings.put(context.agentId(), built);
            return Optional.of(built);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("chain: " + e.getMessage());
        }
    }

    /** The keys a {@code chain} section may hold; any other is refused naming them (tools that check a configuration before starting use it too). */
    public static final List<String> KEYS = List.of("preset", "chainId", "name", "nativeSymbol", "rpcUrl", "wallet", "maxFeePerGasGwei",
            "gasMargin", "receiptPollIntervalMs", "receiptTimeoutSeconds", "slippagePercent", "tradeDeadlineSeconds", "tokens", "uniswapV2");

    /**
     * Builds a toolkit from a {@code chain} section.
     *
     * @param s the section
     * @return the toolkit
     */
    static ChainToolkit toolkit(ConfigSection s) {
        s.requireOnly(KEYS);
        ChainToolkit.Builder b = ChainToolkit.builder().chain(chain(s))
                .rpcUrl(s.string("rpcUrl"))
                .wallet(wallet(s.section("wallet").orElseThrow(() -> s.error("wallet",
                        "is required: {\"privateKey\": \"${VAR}\"} or {\"keystore\": \"path\", \"password\": \"${VAR}\"}"))));
        s.amount("maxFeePerGasGwei").ifPresent(b::maxFeePerGasGwei);
        s.amount("gasMargin").ifPresent(b::gasMargin);
        if (s.has("receiptPollIntervalMs")) {
            b.receiptPollInterval(Duration.ofMillis(s.whole("receiptPollIntervalMs", 1, 0)));
        }
        if (s.has("receiptTimeoutSeconds")) {
            b.receiptTimeout(Duration.ofSeconds(s.whole("receiptTimeoutSeconds", 1, 0)));
        }
        s.amount("slippagePercent").ifPresent(b::slippagePercent);
        if (s.has("tradeDeadlineSeconds")) {
            b.tradeDeadline(Duration.ofSeconds(s.whole("tradeDeadlineSeconds", 10, 0)));
        }
        s.stringMap("tokens").forEach(b::token);
        Optional<ConfigSection> uniswap = s.section("uniswapV2");
        if (uniswap.isPresent()) {
            ConfigSection u = uniswap.get();
            u.requireOnly(List.of("factory", "router", "weth"));
            // all three empty (unset ${VAR:-} references, as in the samples on a real chain): the preset's addresses apply
            List<String> addresses = List.of(u.string("factory", ""), u.string("router", ""), u.string("weth", ""));
            if (addresses.stream().anyMatch(a -> !a.isBlank())) {
                b.uniswapV2(new UniswapV2Addresses(addresses.get(0), addresses.get(1), addresses.get(2)));
            }
        }
        return b.build();
    }

    private static Chain chain(ConfigSection s) {
        Optional<Long> id = s.has("chainId") ? Optional.of(s.whole("chainId", 1, 0)) : Optional.empty();
        Optional<String> preset = s.optionalString("preset");
        if (preset.isPresent()) {
            Chain c = Chain.preset(preset.get());
            if (id.isPresent() && id.get() != c.id()) {
                throw s.error("chainId", "chainId " + id.get() + " contradicts preset " + c.name() + " (" + c.id() + ")");
            }
            return c;
        }
        long chainId = id.orElseThrow(() -> s.error("chainId", "either 'preset' or 'chainId' is required"));
        return Chain.byId(chainId).orElseGet(() -> Chain.custom(chainId, s.string("name", "chain-" + chainId), s.string("nativeSymbol", "ETH")));
    }

    private static Wallet wallet(ConfigSection w) {
        w.requireOnly(List.of("privateKey", "keystore", "password"));
        if (w.has("privateKey") == w.has("keystore")) {
            throw w.error("privateKey", "'wallet' needs exactly one of 'privateKey' or 'keystore'");
        }
        if (w.has("privateKey")) {
            return Wallet.fromPrivateKey(w.secret("privateKey"));
        }
        if (!w.has("password")) {
            throw w.error("password", "is required with a keystore");
        }
        return Wallet.fromKeystore(Path.of(w.string("keystore")), w.secret("password"));
    }
}
