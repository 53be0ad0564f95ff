package dev.agentry.runner;

import dev.agentry.core.ConfigSection;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.PlainToolContext;
import dev.agentry.testkit.UniswapV2;
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
 * keyed by), with {@code "uniswapV2": true} deploys Uniswap V2 once per chain (remembered the same
 * way; handed over as {@link #UNISWAP_VARIABLES}), and rewrites the {@code chain} section to point at the node. Close it to stop the
 * node gracefully (Anvil then writes its state).
 */
final class LocalChain implements AutoCloseable {
    static final String EMBEDDED = "embedded";
    /** The variable the rewritten wallet section references when the runner signs with dev account 0. */
    static final String KEY_VARIABLE = "AGENTRY_LOCAL_CHAIN_KEY";

    /** The variables naming Uniswap V2's factory, router and WETH when {@code localChain.uniswapV2} is {@code true}. */
    static final java.util.List<String> UNISWAP_VARIABLES = java.util.List.of("UNISWAP_FACTORY", "UNISWAP_ROUTER", "UNISWAP_WETH");

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
            Optional<ConfigSection> local = Sections.of(root, "localChain", file, env);
            if (local.isPresent() && local.get().bool("uniswapV2", false)) {
                variables.putAll(uniswap(anvil.url(), wallet.address(), memory, out));
            }
            Map<String, ConfigSection> deploy = local.map(l -> l.sectionsByName("deploy")).orElse(Map.of());
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

    /** Returns Uniswap V2's addresses by variable: remembered from an earlier run on this chain while they hold code, or deployed now. */
    private static Map<String, String> uniswap(String url, String agent, CursorStore memory, PrintStream out) {
        String key = "agentry-runner:local-chain:" + agent.toLowerCase(java.util.Locale.ROOT) + ":uniswap-v2";
        Optional<java.util.List<String>> remembered = memory.get(key).map(v -> java.util.List.of(v.split(",")))
                .filter(a -> a.size() == 3 && a.stream().allMatch(address -> hasCode(url, address)));
        if (remembered.isPresent()) {
            out.println("uniswap: V2 factory " + remembered.get().get(0) + ", router " + remembered.get().get(1) + " (deployed in an earlier run)");
            return variables(remembered.get());
        }
        UniswapV2 uniswap;
        try {
            uniswap = UniswapV2.deploy(url);
        } catch (IllegalStateException e) {
            throw new UserError("localChain.uniswapV2: " + e.getMessage());
        }
        java.util.List<String> addresses = java.util.List.of(uniswap.factory(), uniswap.router(), uniswap.weth());
        memory.put(key, String.join(",", addresses));
        out.println("uniswap: deployed V2 factory " + uniswap.factory() + ", router " + uniswap.router() + ", WETH " + uniswap.weth()
                + " (" + String.join(", ", UNISWAP_VARIABLES) + ")");
        return variables(addresses);
    }

    private static Map<String, String> variables(java.util.List<String> addresses) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < UNISWAP_VARIABLES.size(); i++) {
            v.put(UNISWAP_VARIABLES.get(i), addresses.get(i));
        }
        return v;
    }

    private static boolean hasCode(String url, String address) {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "eth_getCode");
        body.putArray("params").add(address).add("latest");
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("result").asString("0x").length() > 2;
        } catch (java.io.IOException | RuntimeException unreachable) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
