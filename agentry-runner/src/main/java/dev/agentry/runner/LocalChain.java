package dev.agentry.runner;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.PlainToolContext;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The embedded local chain ({@code "rpcUrl": "embedded"}): starts {@link Anvil} (its state kept in
 * the data folder unless the run is throw-away), signs with Anvil's public dev account 0 when the
 * wallet's key variable is empty, deploys the tokens of the {@code localChain} section once per
 * chain (their addresses are remembered and handed to the configuration as the variables they are
 * keyed by), and rewrites the {@code chain} section to point at the node. Close it to stop the
 * node gracefully (Anvil then writes its state).
 */
final class LocalChain implements AutoCloseable {
    static final String EMBEDDED = "embedded";
    /** The variable the rewritten wallet section references when the runner signs with dev account 0. */
    static final String KEY_VARIABLE = "AGENTRY_LOCAL_CHAIN_KEY";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Anvil anvil;
    private final ObjectNode config;
    private final Map<String, String> variables;

    private LocalChain(Anvil anvil, ObjectNode config, Map<String, String> variables) {
        this.anvil = anvil;
        this.config = config;
        this.variables = Map.copyOf(variables);
    }

    /**
     * A token the runner deploys on the embedded chain: {@code {"name": "Tip", "symbol": "TIP", "supply": "1000000"}}.
     *
     * @param name the token's name
     * @param symbol its symbol
     * @param supply its whole supply, all to the agent's wallet
     */
    record TokenSpec(String name, String symbol, BigDecimal supply) {
        static TokenSpec read(ConfigSection s) {
            s.requireOnly(java.util.List.of("name", "symbol", "supply"));
            BigDecimal supply = s.amount("supply").orElseThrow(() -> s.error("supply", "is required: the whole supply, e.g. \"1000000\""));
            if (supply.signum() <= 0) {
                throw s.error("supply", "must be more than zero");
            }
            return new TokenSpec(s.string("name"), s.string("symbol"), supply);
        }
    }

    /**
     * Starts the node and prepares the configuration for it.
     *
     * @param root the checked configuration file
     * @param file the file as shown
     * @param env the environment
     * @param state where Anvil keeps its state, or empty for a throw-away chain
     * @param memory where deployed token addresses are remembered across runs
     * @param out where to say what was started
     * @return the running chain
     */
    static LocalChain start(ObjectNode root, String file, Map<String, String> env, Optional<Path> state, CursorStore memory, PrintStream out) {
        Anvil anvil = state.map(f -> Anvil.builder().stateFile(f).start()).orElseGet(Anvil::start);
        try {
            out.println("chain: started a local Anvil node at " + anvil.url() + state.map(f -> " (state kept in " + BotFolder.shown(f) + ")").orElse(" (throw-away)"));
            ObjectNode config = root.deepCopy();
            ObjectNode chain = (ObjectNode) config.get("chain");
            chain.put("rpcUrl", anvil.url());
            Map<String, String> variables = new HashMap<>();
            ConfigSection section = Sections.of(root, "chain", file, env).orElseThrow();
            ConfigSection walletSection = section.section("wallet").orElseThrow();
            Wallet wallet;
            if (walletSection.has("privateKey") && walletSection.secret("privateKey").isEmpty()) {
                out.println("chain: " + walletSection.secret("privateKey").origin() + " is not set; signing with Anvil's public dev account 0 (test data, local chain only)");
                ((ObjectNode) chain.get("wallet")).put("privateKey", "${" + KEY_VARIABLE + "}");
                variables.put(KEY_VARIABLE, Anvil.KEY_0);
                wallet = Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "Anvil dev account 0"));
            } else {
                wallet = walletSection.has("keystore")
                        ? Wallet.fromKeystore(Path.of(walletSection.string("keystore")), walletSection.secret("password"))
                        : Wallet.fromPrivateKey(walletSection.secret("privateKey"));
            }
            Map<String, ConfigSection> deploy = Sections.of(root, "localChain", file, env).map(l -> l.sectionsByName("deploy")).orElse(Map.of());
            if (!deploy.isEmpty()) {
                try (ChainToolkit toolkit = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(anvil.url()).wallet(wallet).build()) {
                    deploy.forEach((variable, spec) -> variables.put(variable,
                            token(variable, TokenSpec.read(spec), env, toolkit, memory, out)));
                }
            }
            return new LocalChain(anvil, config, variables);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    /** Returns the token's address: given in the environment, remembered from an earlier run on this chain, or deployed now. */
    private static String token(String variable, TokenSpec spec, Map<String, String> env, ChainToolkit toolkit, CursorStore memory, PrintStream out) {
        String given = env.getOrDefault(variable, "");
        if (!given.isBlank()) {
            return given.strip();
        }
        String key = "agentry-runner:local-chain:" + toolkit.address().toLowerCase(java.util.Locale.ROOT) + ":" + variable;
        Optional<String> remembered = memory.get(key);
        if (remembered.isPresent() && exists(toolkit, remembered.get())) {
            out.println("token: " + spec.symbol() + " at " + remembered.get() + " (deployed in an earlier run; " + variable + ")");
            return remembered.get();
        }
        Tool launch = toolkit.tools("launch_token").get(0);
        ObjectNode arguments = JSON.createObjectNode().put("name", spec.name()).put("symbol", spec.symbol()).put("supply", spec.supply().toPlainString());
        String result = launch.execute(ToolArguments.parse(arguments.toString()), setupStep("deploy-" + variable));
        var parsed = JSON.readTree(result);
        String address = parsed.path("token").asString("");
        if (address.isEmpty()) {
            throw new UserError("deploying " + spec.symbol() + " on the local chain returned no address: " + result);
        }
        memory.put(key, address);
        out.println("token: deployed " + spec.symbol() + " (" + spec.supply().toPlainString() + ", all to the agent) at " + address
                + " in tx " + parsed.path("txHash").asString("?") + " (" + variable + ")");
        return address;
    }

    private static boolean exists(ChainToolkit toolkit, String address) {
        try {
            toolkit.tools("token_info").get(0).execute(ToolArguments.parse("{\"token\":\"" + address + "\"}"), setupStep("check-" + address));
            return true;
        } catch (RuntimeException gone) {
            return false;
        }
    }

    /** A set-up step runs a tool directly: outside any turn and the policy, with nothing to journal (the chain is checked instead). */
    private static PlainToolContext setupStep(String step) {
        return PlainToolContext.builder().agentId("agentry-runner").idempotencyKey(step).build();
    }

    /** @return the configuration file with the chain section pointing at this node */
    ObjectNode config() {
        return config;
    }

    /** @return the variables the configuration is loaded with besides the environment (token addresses, the dev key) */
    Map<String, String> variables() {
        return variables;
    }

    /** @return the node's JSON-RPC URL */
    String url() {
        return anvil.url();
    }

    /** Stops the node gracefully, so it writes its state. */
    @Override
    public void close() {
        anvil.close();
    }
}
