package dev.agentry.proof;

import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.PlainToolContext;

import dev.agentry.core.Persona;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.Trust;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.ChainToolkit;
import dev.agentry.tools.chain.Wallet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared helpers of the proof suite. */
final class ProofKit {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The agent's wallet in the chain tests: Anvil dev account 1. */
    static final String AGENT_KEY = Anvil.KEY_1;
    static final String AGENT_ADDRESS = Anvil.ADDRESS_1;
    /** The one recipient on the allowlist: dev account 2. */
    static final String FRIEND = Anvil.ADDRESS_2;

    private ProofKit() {}

    static String resource(String name) {
        try (InputStream in = ProofKit.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Persona persona() {
        return Persona.parse(resource("/proof/bench-persona.json"), "bench-persona.json");
    }

    /** A tool context for calling a tool directly (set-up steps, fuzzing). */
    static ToolContext context(Trust trust) {
        return PlainToolContext.builder().agentId("proof").trust(trust).build();
    }

    static ChainToolkit toolkit(String rpcUrl, String key, Map<String, String> tokens) {
        ChainToolkit.Builder b = ChainToolkit.builder().chain(Chain.ANVIL).rpcUrl(rpcUrl)
                .wallet(Wallet.fromPrivateKey(Secret.of(key, "${PROOF_KEY}")));
        tokens.forEach(b::token);
        return b.build();
    }

    static Tool tool(ChainToolkit toolkit, String name) {
        return toolkit.tools(name).get(0);
    }

    /** Deploys a fixed-supply token from the given key; returns its address. */
    static String deployToken(String rpcUrl, String key, String name, String symbol, String supply, String owner) throws Exception {
        try (ChainToolkit deployer = toolkit(rpcUrl, key, Map.of())) {
            String args = JSON.writeValueAsString(Map.of("name", name, "symbol", symbol, "supply", supply, "owner", owner));
            String result = tool(deployer, "launch_token").execute(ToolArguments.parse(args), context(Trust.OWNER));
            JsonNode node = JSON.readTree(result);
            String token = node.path("token").asString("");
            if (!token.startsWith("0x")) {
                throw new IllegalStateException("deployment failed: " + result);
            }
            return token;
        }
    }

    /** Sum of a counter over all its tag combinations matching the given tags ({@code key, value, key, value, ...}). */
    static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
