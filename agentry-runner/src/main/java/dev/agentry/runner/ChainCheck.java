package dev.agentry.runner;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.Secret;
import dev.agentry.testkit.Anvil;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainPlugin;
import dev.agentry.tools.chain.Wallet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a bot's {@code chain} section (what the {@code chain} plugin reads) and its
 * {@code localChain} section (what the runner deploys on the embedded chain) without touching a
 * node: chain preset or id, {@code rpcUrl} (for {@code "embedded"}: a local chain id and an Anvil
 * binary to start), the wallet and its key's form, fee settings, and token addresses (an empty one
 * must be deployed on the embedded chain). Every problem is reported, each with its path.
 */
final class ChainCheck {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    private ChainCheck() {}

    /**
     * Returns whether the configuration asks for the embedded local chain ({@code rpcUrl} resolves
     * to {@code "embedded"}).
     *
     * @param root the parsed file
     * @param file the file as shown
     * @param env the environment
     * @return {@code true} for the embedded chain
     */
    static boolean embedded(ObjectNode root, String file, Map<String, String> env) {
        try {
            return Sections.of(root, "chain", file, env).flatMap(s -> s.optionalString("rpcUrl")).filter(LocalChain.EMBEDDED::equals).isPresent();
        } catch (ConfigException unresolvable) {
            return false;
        }
    }

    /**
     * Checks the sections.
     *
     * @param root the parsed file
     * @param file the file as shown
     * @param env the environment, missing variables filled in
     * @param problems where to report
     */
    static void check(ObjectNode root, String file, Map<String, String> env, Problems problems) {
        Optional<ConfigSection> chain = problems.value(() -> Sections.of(root, "chain", file, env)).flatMap(c -> c);
        if (chain.isEmpty()) {
            return;
        }
        ConfigSection s = chain.get();
        boolean embedded = embedded(root, file, env);
        problems.check(() -> s.requireOnly(ChainPlugin.KEYS));
        Optional<Chain> network = problems.value(() -> chainOf(s));
        problems.check(() -> s.string("rpcUrl"));
        if (embedded) {
            network.filter(c -> c.id() != Chain.ANVIL.id()).ifPresent(c -> problems.add(file, "$.chain.rpcUrl",
                    "\"embedded\" starts a local Anvil node (chain id 31337), but the chain is " + c.name() + " (" + c.id() + ")"));
            try {
                Anvil.binary();
            } catch (IllegalStateException e) {
                problems.add(file, "$.chain.rpcUrl", "\"embedded\" starts a local Anvil node, but " + e.getMessage());
            }
        }
        problems.check(() -> wallet(s, embedded));
        for (String key : List.of("maxFeePerGasGwei", "gasMargin", "slippagePercent")) {
            problems.check(() -> s.amount(key));
        }
        Set<String> deployed = deployed(root, file, env, problems);
        problems.check(() -> s.section("tokens").ifPresent(tokens -> tokens.keys().forEach(symbol -> problems.check(() ->
                token(tokens, symbol, root, embedded, deployed)))));
    }

    private static Chain chainOf(ConfigSection s) {
        if (s.has("preset")) {
            try {
                return Chain.preset(s.string("preset"));
            } catch (IllegalArgumentException e) {
                throw s.error("preset", e.getMessage());
            }
        }
        if (!s.has("chainId")) {
            throw s.error("chainId", "either \"preset\" or \"chainId\" is required");
        }
        long id = s.whole("chainId", 1, 0);
        return Chain.byId(id).orElseGet(() -> Chain.custom(id, "chain-" + id, "ETH"));
    }

    private static void wallet(ConfigSection s, boolean embedded) {
        ConfigSection w = s.section("wallet").orElseThrow(() -> s.error("wallet",
                "is required: {\"privateKey\": \"${AGENT_PRIVATE_KEY}\"} or {\"keystore\": \"path\", \"password\": \"${VAR}\"}"));
        w.requireOnly(List.of("privateKey", "keystore", "password"));
        if (w.has("privateKey") == w.has("keystore")) {
            throw w.error("privateKey", "the wallet needs exactly one of \"privateKey\" or \"keystore\"");
        }
        if (w.has("keystore")) {
            w.secret("password");
            if (!Path.of(w.string("keystore")).toFile().isFile()) {
                throw w.error("keystore", "no keystore file at " + w.string("keystore"));
            }
            return;
        }
        Secret key = w.secret("privateKey");
        if (key.isEmpty() && !embedded) {
            throw w.error("privateKey", key.origin() + " is empty: a chain other than the embedded one needs the agent's key");
        }
        if (!key.isEmpty()) {
            try {
                Wallet.fromPrivateKey(key);
            } catch (IllegalArgumentException e) {
                throw w.error("privateKey", e.getMessage());
            }
        }
    }

    private static void token(ConfigSection tokens, String symbol, ObjectNode root, boolean embedded, Set<String> deployed) {
        String address;
        try {
            address = tokens.string(symbol, "").strip();
        } catch (ConfigException blank) {
            address = "";
        }
        if (address.isEmpty()) {
            String raw = root.path("chain").path("tokens").path(symbol).asString("");
            var reference = REFERENCE.matcher(raw);
            if (embedded && reference.find() && deployed.contains(reference.group(1))) {
                return;
            }
            throw tokens.error(symbol, "is empty; set it to the token's address" + (embedded
                    ? ", or deploy a token on the embedded chain with \"localChain\": {\"deploy\": {\"VARIABLE\": {\"name\": ..., \"symbol\": ..., \"supply\": ...}}}"
                    : " (only the embedded local chain deploys tokens itself)"));
        }
        if (!ADDRESS.matcher(address).matches()) {
            throw tokens.error(symbol, "must be a 0x address of 40 hex digits");
        }
    }

    /** Checks {@code localChain} and returns the variables it deploys tokens for. */
    private static Set<String> deployed(ObjectNode root, String file, Map<String, String> env, Problems problems) {
        Optional<ConfigSection> local = problems.value(() -> Sections.of(root, "localChain", file, env)).flatMap(l -> l);
        if (local.isEmpty()) {
            return Set.of();
        }
        problems.check(() -> local.get().requireOnly(List.of("deploy", "uniswapV2")));
        problems.check(() -> local.get().bool("uniswapV2", false));
        Map<String, ConfigSection> deploy = problems.value(() -> local.get().sectionsByName("deploy")).orElse(Map.of());
        deploy.values().forEach(token -> problems.check(() -> LocalChain.TokenSpec.read(token)));
        return deploy.keySet();
    }
}
