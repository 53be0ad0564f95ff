package dev.agentry.tools.chain.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import tools.jackson.databind.JsonNode;

/**
 * Decodes revert data into a readable reason: {@code Error(string)}, {@code Panic(uint256)} with
 * the panic code's meaning, and custom errors by selector from the ABIs we ship (OpenZeppelin's
 * ERC-20 errors, the curve's errors).
 */
public final class Reverts {
    private static final String ERROR_SELECTOR = "0x08c379a0";
    private static final String PANIC_SELECTOR = "0x4e487b71";
    private static final Map<String, CustomError> CUSTOM = new HashMap<>();

    private record CustomError(String name, List<String> types, List<String> names) {
    }

    static {
        for (Contracts.Artifact artifact : Contracts.ALL) {
            for (JsonNode entry : artifact.abi()) {
                if (!"error".equals(entry.path("type").asString())) {
                    continue;
                }
                List<String> types = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (JsonNode in : entry.path("inputs")) {
                    types.add(in.path("type").asString());
                    names.add(in.path("name").asString());
                }
                String signature = entry.path("name").asString() + "(" + String.join(",", types) + ")";
                String selector = Hash.sha3String(signature).substring(0, 10);
                CUSTOM.putIfAbsent(selector, new CustomError(entry.path("name").asString(), types, names));
            }
        }
    }

    private Reverts() {
    }

    /**
     * Decodes revert data.
     *
     * @param data revert bytes as 0x hex, may be null or "0x"
     * @return a readable reason such as {@code Error("not enough")}, {@code Panic(0x11: arithmetic
     *     overflow or underflow)} or {@code ERC20InsufficientBalance(sender=0x…, balance=1, needed=2)}
     */
    public static String decode(String data) {
        if (data == null || data.length() < 10) {
            return "no reason given";
        }
        String selector = data.substring(0, 10).toLowerCase(java.util.Locale.ROOT);
        String args = "0x" + data.substring(10);
        try {
            if (selector.equals(ERROR_SELECTOR)) {
                List<Type> v = FunctionReturnDecoder.decode(args, List.of(TypeReference.makeTypeReference("string")));
                return "Error(\"" + v.get(0).getValue() + "\")";
            }
            if (selector.equals(PANIC_SELECTOR)) {
                BigInteger code = Numeric.toBigInt(data.substring(10));
                return "Panic(0x" + code.toString(16) + ": " + panicMeaning(code.intValue()) + ")";
            }
            CustomError custom = CUSTOM.get(selector);
            if (custom != null) {
                List<TypeReference<?>> refs = new ArrayList<>();
                for (String t : custom.types()) {
                    refs.add(TypeReference.makeTypeReference(t));
                }
                @SuppressWarnings({"rawtypes", "unchecked"})
                List<Type> values = FunctionReturnDecoder.decode(args, (List) refs);
                StringBuilder sb = new StringBuilder(custom.name()).append('(');
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    String n = custom.names().get(i);
                    if (!n.isEmpty()) {
                        sb.append(n).append('=');
                    }
                    sb.append(values.get(i).getValue());
                }
                return sb.append(')').toString();
            }
        } catch (ClassNotFoundException | RuntimeException e) {
            // fall through to the raw form
        }
        return "unknown error " + selector + (data.length() > 10 ? " with data " + abbreviate(data) : "");
    }

    private static String abbreviate(String s) {
        return s.length() <= 74 ? s : s.substring(0, 74) + "…";
    }

    /**
     * Returns the meaning of a Solidity panic code.
     *
     * @param code the code
     * @return its meaning
     */
    public static String panicMeaning(int code) {
        return switch (code) {
            case 0x00 -> "generic compiler panic";
            case 0x01 -> "assertion failed";
            case 0x11 -> "arithmetic overflow or underflow";
            case 0x12 -> "division or modulo by zero";
            case 0x21 -> "invalid enum value";
            case 0x22 -> "invalid storage byte array encoding";
            case 0x31 -> "pop on an empty array";
            case 0x32 -> "array index out of bounds";
            case 0x41 -> "out of memory";
            case 0x51 -> "call to an uninitialised function";
            default -> "unknown panic code";
        };
    }
}
