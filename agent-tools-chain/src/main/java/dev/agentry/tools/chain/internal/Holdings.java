package dev.agentry.tools.chain.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.Trust;
import dev.agentry.tools.chain.HoldingRule;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * Balances read for holder rules: {@code balanceOf(owner)} (the same call on ERC-20 tokens and
 * ERC-721 collections) cached for a TTL with Caffeine, or read fresh; ERC-20 decimals read once.
 * Thread-safe.
 */
public final class Holdings {
    private final Rpc rpc;
    private final Cache<String, BigInteger> balances;
    private final Map<String, Integer> decimals = new ConcurrentHashMap<>();

    /**
     * @param rpc the node
     * @param ttl how long a balance read is reused
     */
    public Holdings(Rpc rpc, Duration ttl) {
        this.rpc = rpc;
        this.balances = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    /**
     * Returns a balance, from the cache while it is fresh.
     *
     * @param contract the token or collection
     * @param owner the holder
     * @return base units (tokens) or count (NFTs)
     * @throws RpcException when the node fails
     */
    public BigInteger cached(String contract, String owner) {
        return balances.get(key(contract, owner), k -> read(contract, owner));
    }

    /**
     * Reads a balance now and refreshes the cache with it.
     *
     * @param contract the token or collection
     * @param owner the holder
     * @return base units (tokens) or count (NFTs)
     * @throws RpcException when the node fails
     */
    public BigInteger fresh(String contract, String owner) {
        BigInteger b = read(contract, owner);
        balances.put(key(contract, owner), b);
        return b;
    }

    /**
     * Returns the highest trust the rules give an address: each rule's balance, cached or read
     * now, against its threshold (an ERC-20 amount in base units, or one NFT).
     *
     * @param rules the rules
     * @param address the holder
     * @param fresh whether to read the balances now instead of from the cache
     * @return the trust earned, {@link Trust#UNTRUSTED} when no rule is met
     * @throws RpcException when the node fails
     */
    public Trust earned(List<HoldingRule> rules, String address, boolean fresh) {
        Trust best = Trust.UNTRUSTED;
        for (HoldingRule r : rules) {
            if (r.trust().atLeast(best) && r.trust() != best) {
                BigInteger held = fresh ? fresh(r.contract(), address) : cached(r.contract(), address);
                BigInteger threshold = r.kind() == HoldingRule.Kind.NFT ? BigInteger.ONE
                        : r.atLeast().movePointRight(decimals(r.contract())).setScale(0, java.math.RoundingMode.CEILING).toBigIntegerExact();
                if (held.compareTo(threshold) >= 0) {
                    best = r.trust();
                }
            }
        }
        return best;
    }

    /**
     * Returns an ERC-20 token's decimals, read once.
     *
     * @param token the token
     * @return its decimals
     * @throws RpcException when the node fails
     */
    public int decimals(String token) {
        return decimals.computeIfAbsent(token.toLowerCase(Locale.ROOT),
                k -> uint(token, new Function("decimals", List.of(), List.of(org.web3j.abi.TypeReference.create(
                        org.web3j.abi.datatypes.generated.Uint8.class)))).intValueExact());
    }

    private static String key(String contract, String owner) {
        return (contract + "|" + owner).toLowerCase(Locale.ROOT);
    }

    private BigInteger read(String contract, String owner) {
        return uint(contract, ContractReader.uints("balanceOf", List.of(new Address(owner)), 1));
    }

    @SuppressWarnings("rawtypes")
    private BigInteger uint(String contract, Function f) {
        String out = rpc.call(owner0(), contract, FunctionEncoder.encode(f));
        if (out == null || out.equals("0x")) {
            throw new RpcException(-32000, "no contract at " + contract + " (" + f.getName() + " returned nothing)", null, false, null);
        }
        List<Type> v = FunctionReturnDecoder.decode(out, f.getOutputParameters());
        return (BigInteger) v.get(0).getValue();
    }

    private static String owner0() {
        return Units.ZERO_ADDRESS;
    }
}
