package dev.agentry.tools.chain.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.Wallet;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the chain tools over one sender. Every tool validates its arguments and reports errors
 * as {@link ToolException}s that name the bad value; amounts are decimal strings converted with
 * the token's decimals.
 */
public final class ChainToolset {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Rpc rpc;
    private final Chain chain;
    private final Wallet wallet;
    private final TxSender sender;
    private final Map<String, String> tokensBySymbol;
    private final Duration sendTimeout;
    private final Map<String, TokenMeta> metaCache = new ConcurrentHashMap<>();

    /** Token metadata. */
    record TokenMeta(String address, String name, String symbol, int decimals) {
    }

    /**
     * @param rpc the node
     * @param chain the chain
     * @param wallet the agent's wallet
     * @param sender its sender
     * @param tokensBySymbol configured tokens, symbol (upper case) to address
     * @param sendTimeout timeout of tools that send transactions
     */
    public ChainToolset(Rpc rpc, Chain chain, Wallet wallet, TxSender sender, Map<String, String> tokensBySymbol,
            Duration sendTimeout) {
        this.rpc = rpc;
        this.chain = chain;
        this.wallet = wallet;
        this.sender = sender;
        this.tokensBySymbol = Map.copyOf(tokensBySymbol);
        this.sendTimeout = sendTimeout;
    }

    /** @return all tools, wallet and token tools first, then launches and curves */
    public List<Tool> tools() {
        List<Tool> t = new ArrayList<>();
        t.add(walletAddress());
        t.add(nativeBalance());
        t.add(tokenBalance());
        t.add(tokenInfo());
        t.add(transferNative());
        t.add(transferToken());
        t.add(approveToken());
        t.add(signMessage());
        t.add(signTypedData());
        t.add(transactionStatus());
        t.add(launchToken());
        t.add(launchCurveToken());
        t.add(curveQuote());
        t.add(curveBuy());
        t.add(curveSell());
        t.add(curveStatus());
        return List.copyOf(t);
    }

    // ---------------------------------------------------------------- helpers

    private static ToolSpecification spec(String name, String description, Consumer<JsonObjectSchema.Builder> params) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        params.accept(b);
        return ToolSpecification.builder().name(name).description(description).parameters(b.build()).build();
    }

    private Tool read(ToolSpecification spec, SimpleTool.Body body) {
        return new SimpleTool(spec, Effect.READ, READ_TIMEOUT, (a, c) -> List.of(), body);
    }

    private Tool funds(ToolSpecification spec, SimpleTool.Spends spends, SimpleTool.Body body) {
        return new SimpleTool(spec, Effect.FUNDS, sendTimeout, spends, body);
    }

    private static ObjectNode obj() {
        return Contracts.JSON.createObjectNode();
    }

    private static String json(ObjectNode node) {
        return Contracts.JSON.writeValueAsString(node);
    }

    private String ownOr(ToolArguments a, String name) {
        return a.optionalString(name).map(v -> Units.address(name, v)).orElse(wallet.address());
    }

    /** Resolves a token argument: a configured symbol or an address. */
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

    private String recipient(ToolArguments a, String name, Optional<String> token) {
        String to = Units.address(name, a.string(name));
        if (to.equalsIgnoreCase(Units.ZERO_ADDRESS)) {
            throw new ToolException("argument '" + name + "' is the zero address; refusing to burn funds");
        }
        if (token.isPresent() && token.get().equalsIgnoreCase(to)) {
            throw new ToolException("argument '" + name + "' is the token contract itself (" + to + "); tokens sent there are lost");
        }
        return to;
    }

    /** Calls a view function and decodes its outputs. */
    @SuppressWarnings("rawtypes")
    List<Type> view(String contract, String fn, List<Type> inputs, List<TypeReference<?>> outputs) {
        Function f = new Function(fn, inputs, outputs);
        String result;
        try {
            result = rpc.call(wallet.address(), contract, FunctionEncoder.encode(f));
        } catch (RpcException e) {
            if (e.isTransport()) {
                throw new ToolException(e.getMessage(), e);
            }
            throw new ToolException("call " + fn + " on " + contract + " failed: " + TxSender.describe(e));
        }
        if (result == null || result.equals("0x")) {
            throw new ToolException("no contract at " + contract + " (calling " + fn + " returned nothing)");
        }
        return FunctionReturnDecoder.decode(result, f.getOutputParameters());
    }

    private static TypeReference<?> ref(Class<? extends Type> c) {
        return TypeReference.create(c);
    }

    private static BigInteger uint(Type<?> t) {
        return (BigInteger) t.getValue();
    }

    TokenMeta meta(String token) {
        return metaCache.computeIfAbsent(token.toLowerCase(Locale.ROOT), k -> {
            List<Type> name = view(token, "name", List.of(), List.of(ref(Utf8String.class)));
            List<Type> symbol = view(token, "symbol", List.of(), List.of(ref(Utf8String.class)));
            List<Type> decimals = view(token, "decimals", List.of(), List.of(ref(Uint8.class)));
            return new TokenMeta(token, (String) name.get(0).getValue(), (String) symbol.get(0).getValue(),
                    uint(decimals.get(0)).intValueExact());
        });
    }

    private String sendJson(TxSender.Outcome o, Consumer<ObjectNode> extra) {
        if (o.status().equals("reverted")) {
            throw new ToolException("transaction " + o.hash() + " was mined but reverted on chain (gas used "
                    + o.gasUsed().map(BigInteger::toString).orElse("?") + "); nothing changed except the fee");
        }
        ObjectNode n = obj();
        n.put("status", o.status());
        n.put("txHash", o.hash());
        n.put("nonce", o.nonce());
        o.blockNumber().ifPresent(b -> n.put("blockNumber", b.toString()));
        o.gasUsed().ifPresent(g -> n.put("gasUsed", g.toString()));
        o.effectiveGasPrice().ifPresent(p -> n.put("gasPriceGwei", Units.weiToGwei(p)));
        chain.transactionUrl(o.hash()).ifPresent(u -> n.put("explorer", u));
        if (o.reconciled()) {
            n.put("note", "found the transaction of an interrupted earlier attempt; nothing was sent twice");
        }
        if (o.status().equals("pending")) {
            n.put("note", "sent but not mined yet; check later with transaction_status");
        }
        extra.accept(n);
        return json(n);
    }

    private TxSender.Outcome send(TxSender.Request r, ToolContext c) {
        try {
            return sender.send(r, c);
        } catch (RpcException e) {
            throw new ToolException(e.isTransport() ? e.getMessage() : "node error: " + TxSender.describe(e), e);
        }
    }

    // ---------------------------------------------------------------- wallet and tokens

    private Tool walletAddress() {
        return read(spec("wallet_address", "Returns the agent's own wallet address and the chain it is on.", b -> {
        }), (a, c) -> {
            ObjectNode n = obj();
            n.put("address", wallet.address());
            n.put("chain", chain.name());
            n.put("chainId", chain.id());
            n.put("nativeSymbol", chain.nativeSymbol());
            return json(n);
        });
    }

    private Tool nativeBalance() {
        return read(spec("native_balance", "Returns the native coin balance (" + chain.nativeSymbol() + ") of an address, the agent's own by default.",
                b -> b.addStringProperty("address", "0x address; omit for the agent's own wallet")), (a, c) -> {
                    String addr = ownOr(a, "address");
                    BigInteger wei = rpcCall(() -> rpc.balance(addr));
                    ObjectNode n = obj();
                    n.put("address", addr);
                    n.put("balance", Units.fromBase(wei, 18));
                    n.put("symbol", chain.nativeSymbol());
                    return json(n);
                });
    }

    private Tool tokenBalance() {
        return read(spec("token_balance", "Returns the ERC-20 token balance of an address, the agent's own by default.",
                b -> b.addStringProperty("token", "token contract address or configured symbol")
                        .addStringProperty("address", "0x address; omit for the agent's own wallet").required("token")), (a, c) -> {
                    String token = tokenAddress(a, "token");
                    String addr = ownOr(a, "address");
                    TokenMeta m = meta(token);
                    BigInteger bal = uint(view(token, "balanceOf", List.of(new Address(addr)), List.of(ref(Uint256.class))).get(0));
                    ObjectNode n = obj();
                    n.put("address", addr);
                    n.put("token", m.address());
                    n.put("symbol", m.symbol());
                    n.put("balance", Units.fromBase(bal, m.decimals()));
                    return json(n);
                });
    }

    private Tool tokenInfo() {
        return read(spec("token_info", "Returns an ERC-20 token's name, symbol, decimals and total supply.",
                b -> b.addStringProperty("token", "token contract address or configured symbol").required("token")), (a, c) -> {
                    String token = tokenAddress(a, "token");
                    TokenMeta m = meta(token);
                    BigInteger supply = uint(view(token, "totalSupply", List.of(), List.of(ref(Uint256.class))).get(0));
                    ObjectNode n = obj();
                    n.put("token", m.address());
                    n.put("name", m.name());
                    n.put("symbol", m.symbol());
                    n.put("decimals", m.decimals());
                    n.put("totalSupply", Units.fromBase(supply, m.decimals()));
                    return json(n);
                });
    }

    private Tool transferNative() {
        String sym = chain.nativeSymbol();
        return funds(spec("transfer_native", "Sends " + sym + " from the agent's wallet. Amount is a decimal string in " + sym + ", e.g. \"0.01\".",
                b -> b.addStringProperty("to", "recipient 0x address").addStringProperty("amount", "amount in " + sym + " as a decimal string")
                        .required("to", "amount")),
                (a, c) -> List.of(Spend.of(sym, checkedAmount(a, "amount", 18, false, sym), recipient(a, "to", Optional.empty()))),
                (a, c) -> {
                    String to = recipient(a, "to", Optional.empty());
                    BigDecimal amount = a.decimal("amount");
                    BigInteger wei = Units.toBase("amount", amount, 18, false, sym);
                    TxSender.Outcome o = send(TxSender.Request.call(to, wei, "0x"), c);
                    return sendJson(o, n -> {
                        n.put("to", to);
                        n.put("amount", amount.toPlainString());
                        n.put("symbol", sym);
                    });
                });
    }

    private static BigDecimal checkedAmount(ToolArguments a, String name, int decimals, boolean allowZero, String symbol) {
        BigDecimal amount = a.decimal(name);
        Units.toBase(name, amount, decimals, allowZero, symbol);
        return amount;
    }

    private Tool transferToken() {
        return funds(spec("transfer_token", "Sends ERC-20 tokens from the agent's wallet. Amount is a decimal string in token units.",
                b -> b.addStringProperty("token", "token contract address or configured symbol").addStringProperty("to", "recipient 0x address")
                        .addStringProperty("amount", "amount in token units as a decimal string").required("token", "to", "amount")),
                (a, c) -> {
                    String token = tokenAddress(a, "token");
                    TokenMeta m = meta(token);
                    return List.of(Spend.of(token.toLowerCase(Locale.ROOT), checkedAmount(a, "amount", m.decimals(), false, m.symbol()),
                            recipient(a, "to", Optional.of(token))));
                },
                (a, c) -> {
                    String token = tokenAddress(a, "token");
                    String to = recipient(a, "to", Optional.of(token));
                    TokenMeta m = meta(token);
                    BigDecimal amount = a.decimal("amount");
                    BigInteger units = Units.toBase("amount", amount, m.decimals(), false, m.symbol());
                    String data = FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(units)), List.of()));
                    TxSender.Outcome o = send(TxSender.Request.call(token, BigInteger.ZERO, data), c);
                    return sendJson(o, n -> {
                        n.put("token", token);
                        n.put("to", to);
                        n.put("amount", amount.toPlainString());
                        n.put("symbol", m.symbol());
                    });
                });
    }

    private Tool approveToken() {
        return funds(spec("approve_token", "Allows a spender to move up to an amount of the agent's ERC-20 tokens (0 revokes).",
                b -> b.addStringProperty("token", "token contract address or configured symbol").addStringProperty("spender", "spender 0x address")
                        .addStringProperty("amount", "allowance in token units as a decimal string").required("token", "spender", "amount")),
                (a, c) -> {
                    String token = tokenAddress(a, "token");
                    TokenMeta m = meta(token);
                    return List.of(Spend.of(token.toLowerCase(Locale.ROOT), checkedAmount(a, "amount", m.decimals(), true, m.symbol()),
                            recipient(a, "spender", Optional.of(token))));
                },
                (a, c) -> {
                    String token = tokenAddress(a, "token");
                    String spender = recipient(a, "spender", Optional.of(token));
                    TokenMeta m = meta(token);
                    BigDecimal amount = a.decimal("amount");
                    BigInteger units = Units.toBase("amount", amount, m.decimals(), true, m.symbol());
                    String data = FunctionEncoder.encode(new Function("approve", List.of(new Address(spender), new Uint256(units)), List.of()));
                    TxSender.Outcome o = send(TxSender.Request.call(token, BigInteger.ZERO, data), c);
                    return sendJson(o, n -> {
                        n.put("token", token);
                        n.put("spender", spender);
                        n.put("allowance", amount.toPlainString());
                    });
                });
    }

    private Tool signMessage() {
        return new SimpleTool(spec("sign_message", "Signs a text message with the agent's key (EIP-191 personal_sign) and returns the signature.",
                b -> b.addStringProperty("message", "the text to sign").required("message")), Effect.POST, READ_TIMEOUT, (a, c) -> List.of(),
                (a, c) -> {
                    String message = a.string("message");
                    ObjectNode n = obj();
                    n.put("address", wallet.address());
                    n.put("signature", wallet.signMessage(message));
                    return json(n);
                });
    }

    private Tool signTypedData() {
        return funds(spec("sign_typed_data", "Signs EIP-712 typed data (JSON with types, primaryType, domain, message) with the agent's key. "
                + "A typed-data signature can authorise transfers (permits), so it is treated as moving funds.",
                b -> b.addStringProperty("typed_data", "the EIP-712 typed data as a JSON string").required("typed_data")),
                (a, c) -> List.of(Spend.of("signature", BigDecimal.ONE)),
                (a, c) -> {
                    String typed = a.string("typed_data");
                    String sig;
                    try {
                        sig = wallet.signTypedData(typed);
                    } catch (IllegalArgumentException e) {
                        throw new ToolException("argument 'typed_data' " + e.getMessage());
                    }
                    ObjectNode n = obj();
                    n.put("address", wallet.address());
                    n.put("signature", sig);
                    return json(n);
                });
    }

    private Tool transactionStatus() {
        return read(spec("transaction_status", "Returns whether a transaction is pending, succeeded or reverted, with its block and gas used.",
                b -> b.addStringProperty("hash", "0x transaction hash").required("hash")), (a, c) -> {
                    String hash = a.string("hash").strip();
                    if (!hash.matches("0x[0-9a-fA-F]{64}")) {
                        throw new ToolException("argument 'hash' must be 0x followed by 64 hex digits, got \"" + hash + "\"");
                    }
                    ObjectNode n = obj();
                    n.put("txHash", hash);
                    Optional<TransactionReceipt> r = rpcCall(() -> rpc.receipt(hash));
                    if (r.isPresent()) {
                        n.put("status", r.get().isStatusOK() ? "success" : "reverted");
                        n.put("blockNumber", r.get().getBlockNumber().toString());
                        n.put("gasUsed", r.get().getGasUsed().toString());
                        if (r.get().getContractAddress() != null) {
                            n.put("contractAddress", Keys.toChecksumAddress(r.get().getContractAddress()));
                        }
                    } else {
                        n.put("status", rpcCall(() -> rpc.transaction(hash)).isPresent() ? "pending" : "unknown");
                    }
                    chain.transactionUrl(hash).ifPresent(u -> n.put("explorer", u));
                    return json(n);
                });
    }

    private static <T> T rpcCall(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (RpcException e) {
            throw new ToolException(e.isTransport() ? e.getMessage() : "node error: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- launches and curves

    private static void checkName(String arg, String v, int max) {
        if (v.strip().isEmpty() || v.length() > max) {
            throw new ToolException("argument '" + arg + "' must be 1 to " + max + " characters");
        }
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
                        Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
                    throw new ToolException("argument '" + arg + "' contains an invisible or control character (U+"
                            + String.format("%04X", cp) + "); use visible characters only");
                default -> {
                    // visible
                }
            }
            i += Character.charCount(cp);
        }
        if (!v.equals(v.strip())) {
            throw new ToolException("argument '" + arg + "' must not start or end with spaces");
        }
        if (v.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new ToolException("argument '" + arg + "' must contain at least one letter or digit");
        }
        if (arg.equals("symbol") && !v.matches("[A-Za-z0-9]+")) {
            throw new ToolException("argument 'symbol' must be ASCII letters and digits only (look-alike characters are refused)");
        }
    }

    private Tool launchToken() {
        return funds(spec("launch_token", "Deploys a new fixed-supply ERC-20 token (18 decimals); the whole supply goes to the owner (the agent by default).",
                b -> b.addStringProperty("name", "token name").addStringProperty("symbol", "token symbol, e.g. TIP")
                        .addStringProperty("supply", "total supply in whole tokens as a decimal string")
                        .addStringProperty("owner", "0x address receiving the supply; omit for the agent").required("name", "symbol", "supply")),
                (a, c) -> List.of(Spend.of("launch", BigDecimal.ONE)),
                (a, c) -> {
                    String name = a.string("name").strip();
                    String symbol = a.string("symbol").strip();
                    checkName("name", name, 64);
                    checkName("symbol", symbol, 16);
                    BigInteger supply = Units.toBase("supply", a.decimal("supply"), 18, false, symbol);
                    String owner = a.optionalString("owner").isPresent() ? recipient(a, "owner", Optional.empty()) : wallet.address();
                    String code = Contracts.TOKEN.bytecode() + FunctionEncoder.encodeConstructor(List.of(
                            new Utf8String(name), new Utf8String(symbol), new Uint256(supply), new Address(owner)));
                    TxSender.Outcome o = send(TxSender.Request.deploy(code), c);
                    return sendJson(o, n -> {
                        n.put("token", o.contractAddress().map(Keys::toChecksumAddress).orElse(""));
                        n.put("name", name);
                        n.put("symbol", symbol);
                        n.put("supply", Units.fromBase(supply, 18));
                        n.put("owner", owner);
                    });
                });
    }

    private Tool launchCurveToken() {
        String sym = chain.nativeSymbol();
        return funds(spec("launch_curve_token", "Launches a token on a linear bonding curve (pump.fun style): price per token = base_price + slope * tokens_sold. "
                + "Buyers pay " + sym + "; when curve_supply tokens are sold the curve graduates and the raised " + sym
                + " plus the remaining supply go to the beneficiary (the agent by default).",
                b -> b.addStringProperty("name", "token name").addStringProperty("symbol", "token symbol")
                        .addStringProperty("total_supply", "total supply in whole tokens, e.g. \"1000000000\"")
                        .addStringProperty("curve_supply", "whole tokens sold along the curve before graduation, e.g. \"800000000\"")
                        .addStringProperty("base_price", "price of the first token in " + sym + ", e.g. \"0.00000001\"")
                        .addStringProperty("slope", "price increase in " + sym + " per whole token sold, e.g. \"0.000000000000001\"")
                        .addStringProperty("beneficiary", "0x address receiving funds and remaining supply at graduation; omit for the agent")
                        .required("name", "symbol", "total_supply", "curve_supply", "base_price", "slope")),
                (a, c) -> List.of(Spend.of("launch", BigDecimal.ONE)),
                (a, c) -> {
                    String name = a.string("name").strip();
                    String symbol = a.string("symbol").strip();
                    checkName("name", name, 64);
                    checkName("symbol", symbol, 16);
                    BigInteger total = Units.toBase("total_supply", a.decimal("total_supply"), 18, false, symbol);
                    BigInteger curve = Units.toBase("curve_supply", a.decimal("curve_supply"), 18, false, symbol);
                    if (curve.compareTo(total) > 0) {
                        throw new ToolException("argument 'curve_supply' (" + a.decimal("curve_supply").toPlainString()
                                + ") must not exceed 'total_supply' (" + a.decimal("total_supply").toPlainString() + ")");
                    }
                    BigInteger base = Units.toBase("base_price", a.decimal("base_price"), 18, true, sym);
                    BigInteger slope = Units.toBase("slope", a.decimal("slope"), 18, true, sym);
                    if (base.signum() == 0 && slope.signum() == 0) {
                        throw new ToolException("arguments 'base_price' and 'slope' must not both be zero");
                    }
                    String beneficiary = a.optionalString("beneficiary").isPresent() ? recipient(a, "beneficiary", Optional.empty()) : wallet.address();
                    String code = Contracts.CURVE.bytecode() + FunctionEncoder.encodeConstructor(List.of(
                            new Utf8String(name), new Utf8String(symbol), new Uint256(total), new Uint256(curve),
                            new Uint256(base), new Uint256(slope), new Address(beneficiary)));
                    TxSender.Outcome o = send(TxSender.Request.deploy(code), c);
                    return sendJson(o, n -> {
                        n.put("curve", o.contractAddress().map(Keys::toChecksumAddress).orElse(""));
                        n.put("name", name);
                        n.put("symbol", symbol);
                        n.put("beneficiary", beneficiary);
                    });
                });
    }

    private String curveArg(ToolArguments a) {
        return Units.address("curve", a.string("curve"));
    }

    /** The curve address of a trade, checked to be a bonding-curve contract so value never goes to a plain account. */
    private String tradedCurve(ToolArguments a) {
        String curve = curveArg(a);
        try {
            view(curve, "curveSupply", List.of(), List.of(ref(Uint256.class)));
        } catch (ToolException e) {
            throw new ToolException("argument 'curve' " + curve + " is not a bonding-curve contract: " + e.getMessage());
        }
        return curve;
    }

    private Tool curveQuote() {
        String sym = chain.nativeSymbol();
        return read(spec("curve_quote", "Quotes a bonding-curve trade: side \"buy\" takes an amount of " + sym + " to spend, side \"sell\" an amount of tokens to sell.",
                b -> b.addStringProperty("curve", "curve token 0x address").addEnumProperty("side", List.of("buy", "sell"), "buy or sell")
                        .addStringProperty("amount", "decimal string: " + sym + " for buy, tokens for sell").required("curve", "side", "amount")), (a, c) -> {
                    String curve = curveArg(a);
                    String side = a.string("side");
                    BigDecimal amount = a.decimal("amount");
                    ObjectNode n = obj();
                    n.put("curve", curve);
                    n.put("side", side);
                    if (side.equals("buy")) {
                        BigInteger wei = Units.toBase("amount", amount, 18, false, sym);
                        List<Type> q = view(curve, "quoteBuy", List.of(new Uint256(wei)), List.of(ref(Uint256.class), ref(Uint256.class)));
                        n.put("pay", Units.fromBase(uint(q.get(1)), 18));
                        n.put("tokensOut", Units.fromBase(uint(q.get(0)), 18));
                        n.put("refund", Units.fromBase(wei.subtract(uint(q.get(1))), 18));
                    } else if (side.equals("sell")) {
                        BigInteger units = Units.toBase("amount", amount, 18, false, "tokens");
                        List<Type> q = view(curve, "quoteSell", List.of(new Uint256(units)), List.of(ref(Uint256.class)));
                        n.put("tokensIn", amount.toPlainString());
                        n.put("receive", Units.fromBase(uint(q.get(0)), 18));
                    } else {
                        throw new ToolException("argument 'side' must be \"buy\" or \"sell\", got \"" + side + "\"");
                    }
                    n.put("symbol", sym);
                    return json(n);
                });
    }

    private Tool curveBuy() {
        String sym = chain.nativeSymbol();
        return funds(spec("curve_buy", "Buys tokens on a bonding curve with " + sym + "; fails if fewer than min_tokens_out would be received. Unspent " + sym + " is refunded.",
                b -> b.addStringProperty("curve", "curve token 0x address").addStringProperty("amount", sym + " to spend, decimal string")
                        .addStringProperty("min_tokens_out", "smallest acceptable number of tokens (slippage limit), decimal string")
                        .required("curve", "amount", "min_tokens_out")),
                (a, c) -> List.of(Spend.of(sym, checkedAmount(a, "amount", 18, false, sym), tradedCurve(a))),
                (a, c) -> {
                    String curve = tradedCurve(a);
                    BigDecimal amount = a.decimal("amount");
                    BigInteger wei = Units.toBase("amount", amount, 18, false, sym);
                    BigInteger min = Units.toBase("min_tokens_out", a.decimal("min_tokens_out"), 18, true, "tokens");
                    String data = FunctionEncoder.encode(new Function("buy", List.of(new Uint256(min)), List.of()));
                    TxSender.Outcome o = send(TxSender.Request.call(curve, wei, data), c);
                    return sendJson(o, n -> {
                        n.put("curve", curve);
                        n.put("spentAtMost", amount.toPlainString());
                        n.put("symbol", sym);
                    });
                });
    }

    private Tool curveSell() {
        String sym = chain.nativeSymbol();
        return funds(spec("curve_sell", "Sells tokens back to a bonding curve for " + sym + "; fails if less than min_eth_out would be received.",
                b -> b.addStringProperty("curve", "curve token 0x address").addStringProperty("amount", "tokens to sell, decimal string")
                        .addStringProperty("min_eth_out", "smallest acceptable " + sym + " received (slippage limit), decimal string")
                        .required("curve", "amount", "min_eth_out")),
                (a, c) -> {
                    String curve = tradedCurve(a);
                    return List.of(Spend.of(curve.toLowerCase(Locale.ROOT), checkedAmount(a, "amount", 18, false, "tokens"), curve));
                },
                (a, c) -> {
                    String curve = tradedCurve(a);
                    BigDecimal amount = a.decimal("amount");
                    BigInteger units = Units.toBase("amount", amount, 18, false, "tokens");
                    BigInteger min = Units.toBase("min_eth_out", a.decimal("min_eth_out"), 18, true, sym);
                    String data = FunctionEncoder.encode(new Function("sell", List.of(new Uint256(units), new Uint256(min)), List.of()));
                    TxSender.Outcome o = send(TxSender.Request.call(curve, BigInteger.ZERO, data), c);
                    return sendJson(o, n -> {
                        n.put("curve", curve);
                        n.put("tokensSold", amount.toPlainString());
                    });
                });
    }

    private Tool curveStatus() {
        String sym = chain.nativeSymbol();
        return read(spec("curve_status", "Returns a bonding curve's state: tokens sold, " + sym + " raised, current price, whether it has graduated.",
                b -> b.addStringProperty("curve", "curve token 0x address").required("curve")), (a, c) -> {
                    String curve = curveArg(a);
                    BigInteger sold = uint(view(curve, "sold", List.of(), List.of(ref(Uint256.class))).get(0));
                    BigInteger curveSupply = uint(view(curve, "curveSupply", List.of(), List.of(ref(Uint256.class))).get(0));
                    BigInteger reserve = uint(view(curve, "reserve", List.of(), List.of(ref(Uint256.class))).get(0));
                    BigInteger price = uint(view(curve, "priceAt", List.of(new Uint256(sold)), List.of(ref(Uint256.class))).get(0));
                    BigInteger toGo = uint(view(curve, "remainingToGraduate", List.of(), List.of(ref(Uint256.class))).get(0));
                    boolean graduated = (Boolean) view(curve, "graduated", List.of(), List.of(ref(Bool.class))).get(0).getValue();
                    String beneficiary = (String) view(curve, "beneficiary", List.of(), List.of(ref(Address.class))).get(0).getValue();
                    TokenMeta m = meta(curve);
                    ObjectNode n = obj();
                    n.put("curve", curve);
                    n.put("name", m.name());
                    n.put("symbol", m.symbol());
                    n.put("supplySold", Units.fromBase(sold, 18));
                    n.put("curveSupply", Units.fromBase(curveSupply, 18));
                    n.put("fundsRaised", Units.fromBase(reserve, 18));
                    n.put("priceNow", Units.fromBase(price, 18));
                    n.put("fundsToGraduate", Units.fromBase(toGo, 18));
                    n.put("graduated", graduated);
                    n.put("beneficiary", Keys.toChecksumAddress(beneficiary));
                    n.put("nativeSymbol", sym);
                    return json(n);
                });
    }

    static List<String> names(List<Tool> tools) {
        return tools.stream().map(Tool::name).toList();
    }

    static String[] arr(String... s) {
        return Arrays.copyOf(s, s.length);
    }
}
