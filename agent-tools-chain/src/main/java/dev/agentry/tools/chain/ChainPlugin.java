package dev.agentry.tools.chain;

import dev.agentry.core.ConfigException;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

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
 *   "tokens": {"TIP": "0x..."}
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
        Optional<JsonNode> section = context.section("chain");
        if (section.isEmpty() || section.get().isNull()) {
            return List.of();
        }
        try {
            ChainToolkit toolkit = toolkit(section.get(), context);
            context.closeOnShutdown(toolkit);
            return toolkit.tools();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("chain: " + e.getMessage());
        }
    }

    /**
     * Builds a toolkit from a {@code chain} section.
     *
     * @param s the section
     * @param context resolves {@code ${ENV}} references
     * @return the toolkit
     */
    static ChainToolkit toolkit(JsonNode s, PluginContext context) {
        Chain chain = chain(s);
        ChainToolkit.Builder b = ChainToolkit.builder().chain(chain)
                .rpcUrl(context.resolve(required(s, "rpcUrl")))
                .wallet(wallet(s.get("wallet"), context));
        text(s, "maxFeePerGasGwei").ifPresent(v -> b.maxFeePerGasGwei(decimal("maxFeePerGasGwei", context.resolve(v))));
        text(s, "gasMargin").ifPresent(v -> b.gasMargin(decimal("gasMargin", context.resolve(v))));
        text(s, "receiptPollIntervalMs").ifPresent(v -> b.receiptPollInterval(Duration.ofMillis(Long.parseLong(context.resolve(v)))));
        text(s, "receiptTimeoutSeconds").ifPresent(v -> b.receiptTimeout(Duration.ofSeconds(Long.parseLong(context.resolve(v)))));
        JsonNode tokens = s.get("tokens");
        if (tokens != null && tokens.isObject()) {
            for (Map.Entry<String, JsonNode> e : tokens.properties()) {
                b.token(e.getKey(), context.resolve(e.getValue().asString()));
            }
        }
        return b.build();
    }

    private static Chain chain(JsonNode s) {
        Optional<Long> id = text(s, "chainId").map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chainId must be a whole number, got \"" + v + "\"");
            }
        });
        Optional<String> preset = text(s, "preset");
        if (preset.isPresent()) {
            Chain c = Chain.preset(preset.get());
            if (id.isPresent() && id.get() != c.id()) {
                throw new IllegalArgumentException("chainId " + id.get() + " contradicts preset " + c.name() + " (" + c.id() + ")");
            }
            return c;
        }
        long chainId = id.orElseThrow(() -> new IllegalArgumentException("either 'preset' or 'chainId' is required"));
        return Chain.byId(chainId).orElseGet(() -> Chain.custom(chainId, text(s, "name").orElse("chain-" + chainId),
                text(s, "nativeSymbol").orElse("ETH")));
    }

    private static Wallet wallet(JsonNode w, PluginContext context) {
        if (w == null || !w.isObject()) {
            throw new IllegalArgumentException("'wallet' is required: {\"privateKey\": \"${VAR}\"} or {\"keystore\": \"path\", \"password\": \"${VAR}\"}");
        }
        Optional<String> key = text(w, "privateKey");
        Optional<String> keystore = text(w, "keystore");
        if (key.isPresent() == keystore.isPresent()) {
            throw new IllegalArgumentException("'wallet' needs exactly one of 'privateKey' or 'keystore'");
        }
        if (key.isPresent()) {
            Secret secret = context.secret(key.get());
            return Wallet.fromPrivateKey(secret);
        }
        String password = text(w, "password").orElseThrow(() -> new IllegalArgumentException("'wallet.password' is required with a keystore"));
        return Wallet.fromKeystore(Path.of(context.resolve(keystore.get())), context.secret(password));
    }

    private static String required(JsonNode s, String key) {
        return text(s, key).orElseThrow(() -> new IllegalArgumentException("'" + key + "' is required"));
    }

    private static Optional<String> text(JsonNode s, String key) {
        JsonNode n = s.get(key);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        return Optional.of(n.isString() ? n.asString() : n.toString());
    }

    private static BigDecimal decimal(String key, String v) {
        try {
            return new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a decimal number, got \"" + v + "\"");
        }
    }
}
