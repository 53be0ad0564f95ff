package dev.agentry.tools.chain.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled contract artifacts shipped as resources under
 * {@code dev/agentry/tools/chain/contracts/} (written by {@code scripts/compile-contracts.js}).
 */
public final class Contracts {
    /** Shared JSON mapper. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fixed-supply ERC-20. */
    public static final Artifact TOKEN = load("AgentryToken");
    /** The bonding-curve token. */
    public static final Artifact CURVE = load("AgentryCurveToken");
    /** A test USDC with EIP-3009 transfers by authorization (x402 payments on local chains). */
    public static final Artifact TEST_USDC = load("AgentryTestUsdc");
    /** All artifacts. */
    public static final List<Artifact> ALL = List.of(TOKEN, CURVE, TEST_USDC);

    private Contracts() {
    }

    /**
     * A compiled contract.
     *
     * @param name contract name
     * @param abi its ABI
     * @param bytecode creation bytecode, 0x hex
     */
    public record Artifact(String name, JsonNode abi, String bytecode) {
    }

    private static Artifact load(String name) {
        String path = "/dev/agentry/tools/chain/contracts/" + name + ".json";
        try (InputStream in = Contracts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("contract artifact missing from the classpath: " + path);
            }
            JsonNode node = JSON.readTree(in);
            return new Artifact(name, node.get("abi"), node.get("bytecode").asString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract artifact " + path, e);
        }
    }
}
