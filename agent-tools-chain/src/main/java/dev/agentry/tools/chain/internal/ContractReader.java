package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.Wallet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * Reads contracts for the chain tools: view calls (one, or several in one JSON-RPC batch), ERC-20
 * metadata (cached per token), and token arguments given as a configured symbol or an address.
 * Failures are {@link ToolException}s that name the contract and function. Thread-safe.
 */
final class ContractReader {
    private final Rpc rpc;
    private final Wallet wallet;
    private final Map<String, String> tokensBySymbol;
    private final Map<String, TokenMeta> metaCache = new ConcurrentHashMap<>();

    /**
     * Token metadata.
     *
     * @param address the token contract
     * @param name its name
     * @param symbol its symbol
     * @param decimals its decimals
     */
    record TokenMeta(String address, String name, String symbol, int decimals) {
    }

    ContractReader(Rpc rpc, Wallet wallet, Map<String, String> tokensBySymbol) {
        this.rpc = rpc;
        this.wallet = wallet;
        this.tokensBySymbol = Map.copyOf(tokensBySymbol);
    }

    /**
     * Describes a view function.
     *
     * @param name function name
     * @param inputs arguments
     * @param outputs how many {@code uint256} it returns (other return types: use {@link #function})
     * @return the function
     */
    static Function uints(String name, List<Type> inputs, int outputs) {
        List<TypeReference<?>> refs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            refs.add(TypeReference.create(Uint256.class));
        }
        return new Function(name, inputs, refs);
    }

    /**
     * Describes a view function returning one value.
     *
     * @param name function name
     * @param output its return type
     * @return the function
     */
    static Function function(String name, Class<? extends Type> output) {
        return new Function(name, List.of(), List.of(TypeReference.create(output)));
    }

    /**
     * Calls a view function and decodes its outputs.
     *
     * @param contract the contract
     * @param f the function
     * @return the decoded outputs
     * @throws ToolException if the call reverts, there is no contract, or the node is unreachable
     */
    @SuppressWarnings("rawtypes")
    List<Type> view(String contract, Function f) {
        String result;
        try {
            result = rpc.call(wallet.address(), contract, FunctionEncoder.encode(f));
        } catch (RpcException e) {
            throw failure(contract, f, e);
        }
        return decode(contract, f, result);
    }

    /**
     * Calls several view functions of one contract in one round trip.
     *
     * @param contract the contract
     * @param functions the functions
     * @return each function's decoded outputs, in order
     * @throws ToolException as {@link #view}
     */
    @SuppressWarnings("rawtypes")
    List<List<Type>> views(String contract, List<Function> functions) {
        List<Request<?, ? extends Response<?>>> calls = new ArrayList<>();
        for (Function f : functions) {
            calls.add(rpc.web3j().ethCall(Transaction.createEthCallTransaction(wallet.address(), contract, FunctionEncoder.encode(f)),
                    DefaultBlockParameterName.LATEST));
        }
        List<Response<?>> responses;
        try {
            responses = rpc.batch(calls);
        } catch (RpcException e) {
            throw failure(contract, functions.get(0), e);
        }
        List<List<Type>> out = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            Function f = functions.get(i);
            RpcException error = Rpc.error(responses.get(i)).orElse(null);
            if (error != null) {
                throw failure(contract, f, error);
            }
            out.add(decode(contract, f, ((EthCall) responses.get(i)).getValue()));
        }
        return out;
    }

    /**
     * Calls a view function that returns one {@code uint256}.
     *
     * @param contract the contract
     * @param name the function
     * @param inputs its arguments
     * @return the value
     */
    BigInteger uint(String contract, String name, Type<?>... inputs) {
        return uint(view(contract, uints(name, List.of(inputs), 1)).get(0));
    }

    static BigInteger uint(Type<?> t) {
        return (BigInteger) t.getValue();
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> decode(String contract, Function f, String result) {
        if (result == null || result.equals("0x")) {
            throw new ToolException("no contract at " + contract + " (calling " + f.getName() + " returned nothing)");
        }
        return FunctionReturnDecoder.decode(result, f.getOutputParameters());
    }

    private static ToolException failure(String contract, Function f, RpcException e) {
        if (e.isTransport()) {
            return new ToolException(e.getMessage(), e);
        }
        return new ToolException("call " + f.getName() + " on " + contract + " failed: " + e.describe());
    }

    /**
     * Returns a token's metadata, read once per token.
     *
     * @param token the token contract
     * @return name, symbol and decimals
     */
    TokenMeta meta(String token) {
        return metaCache.computeIfAbsent(token.toLowerCase(Locale.ROOT), k -> {
            @SuppressWarnings("rawtypes")
            List<List<Type>> r = views(token, List.of(function("name", Utf8String.class), function("symbol", Utf8String.class),
                    function("decimals", Uint8.class)));
            return new TokenMeta(token, (String) r.get(0).get(0).getValue(), (String) r.get(1).get(0).getValue(),
                    uint(r.get(2).get(0)).intValueExact());
        });
    }

    /**
     * Resolves a token argument: a configured symbol or an address.
     *
     * @param a the arguments
     * @param name the argument's name
     * @return the token address, checksummed
     * @throws ToolException if it is neither
     */
    String tokenAddress(ToolArguments a, String name) {
        String v = a.string(name).strip();
        String bySymbol = tokensBySymbol.get(v.toUpperCase(Locale.ROOT));
        if (bySymbol != null) {
            return bySymbol;
        }
        if (!v.startsWith("0x")) {
            throw new ToolException("argument '" + name + "' must be a token address or one of the configured symbols "
                    + tokensBySymbol.keySet().stream().sorted().toList() + ", got \"" + v + "\"");
        }
        return Units.address(name, v);
    }
}
