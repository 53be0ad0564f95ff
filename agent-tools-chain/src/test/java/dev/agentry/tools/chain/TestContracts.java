package dev.agentry.tools.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import tools.jackson.databind.JsonNode;

/**
 * Deploys and calls contracts for tests from unlocked Anvil dev accounts: the test-only contracts
 * compiled into {@code testcontracts/} (attackers, stray-value senders) and the shipped ones.
 */
final class TestContracts {
    private TestContracts() {
    }

    static String bytecode(String name) {
        String path = "/dev/agentry/tools/chain/testcontracts/" + name + ".json";
        try (InputStream in = TestContracts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing " + path + "; run: node agent-tools-chain/scripts/compile-contracts.js");
            }
            return JsonRpc.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).get("bytecode").asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deploys a test contract and returns its checksummed address. */
    @SuppressWarnings("rawtypes")
    static String deploy(String url, String from, String name, BigInteger value, List<Type> args) {
        JsonNode receipt = JsonRpc.send(url, from, null, value, bytecode(name) + FunctionEncoder.encodeConstructor(args));
        if (!"0x1".equals(receipt.get("status").asString())) {
            throw new IllegalStateException("deploying " + name + " failed: " + receipt);
        }
        return Keys.toChecksumAddress(receipt.get("contractAddress").asString());
    }

    /** Sends a call and returns its receipt (mined even when it reverts). */
    @SuppressWarnings("rawtypes")
    static JsonNode transact(String url, String from, String to, BigInteger value, String function, List<Type> args) {
        return JsonRpc.send(url, from, to, value, FunctionEncoder.encode(new Function(function, args, List.of())));
    }

    /** Reads a view returning one uint256. */
    @SuppressWarnings("rawtypes")
    static BigInteger uint(String url, String contract, String function, Type... args) {
        Function f = new Function(function, List.of(args), List.of(TypeReference.create(Uint256.class)));
        String out = JsonRpc.ethCall(url, Keys.toChecksumAddress("0x" + "0".repeat(40)), contract, FunctionEncoder.encode(f));
        return (BigInteger) FunctionReturnDecoder.decode(out, f.getOutputParameters()).get(0).getValue();
    }

    static boolean succeeded(JsonNode receipt) {
        return "0x1".equals(receipt.get("status").asString());
    }
}
