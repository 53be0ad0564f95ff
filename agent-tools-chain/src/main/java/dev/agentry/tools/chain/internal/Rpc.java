package dev.agentry.tools.chain.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Thin typed JSON-RPC access over web3j with one shared {@link OkHttpClient}. Every node error
 * becomes an {@link RpcException}; connection failures are flagged so callers know nothing was
 * sent. Thread-safe.
 */
public final class Rpc implements AutoCloseable {
    private final String url;
    private final Web3j web3j;
    private final NodeService service;
    private final NodeService syncService;

    /**
     * Connects (lazily) to a node.
     *
     * @param url the RPC URL
     * @param client the shared HTTP client
     */
    public Rpc(String url, OkHttpClient client) {
        this(url, client, java.time.Duration.ofSeconds(10));
    }

    /**
     * Connects (lazily) to a node.
     *
     * @param url the RPC URL
     * @param client the shared HTTP client
     * @param syncSendWait longest wait for an {@code eth_sendRawTransactionSync} answer (same
     *     connection pool, shorter read timeout); after it the caller polls instead
     */
    public Rpc(String url, OkHttpClient client, java.time.Duration syncSendWait) {
        this.url = url;
        this.service = new NodeService(url, client);
        this.syncService = new NodeService(url, client.newBuilder().readTimeout(syncSendWait).build());
        this.web3j = Web3j.build(service);
    }

    /** @return the RPC URL (no secrets in it by contract of the configuration) */
    public String url() {
        return url;
    }

    /** @return the underlying web3j client */
    public Web3j web3j() {
        return web3j;
    }

    /**
     * Sends one request and unwraps its result.
     *
     * @param request the request
     * @param <R> response type
     * @return the response, never an error response
     * @throws RpcException on a node error or transport failure
     */
    public <R extends Response<?>> R send(Request<?, R> request) {
        R response;
        try {
            response = request.send();
        } catch (IOException | RuntimeException e) {
            throw transport(e);
        }
        check(response);
        return response;
    }

    /**
     * Builds a request for a method web3j has no wrapper for.
     *
     * @param method the JSON-RPC method
     * @param params its parameters (serialized by web3j's JSON mapper)
     * @param type the response type
     * @param <R> response type
     * @return the request, not sent
     */
    public <R extends Response<?>> Request<?, R> request(String method, List<?> params, Class<R> type) {
        return new Request<>(method, params, service, type);
    }

    /**
     * Sends several requests in one JSON-RPC batch (one round trip). Responses come back in order;
     * error responses are returned as they are, for the caller to inspect with {@link #error}.
     *
     * @param requests the requests
     * @return the responses in request order
     * @throws RpcException on a transport failure
     */
    public List<Response<?>> batch(List<Request<?, ? extends Response<?>>> requests) {
        var batch = web3j.newBatch();
        requests.forEach(batch::add);
        BatchResponse response;
        try {
            response = batch.send();
        } catch (IOException | RuntimeException e) {
            throw transport(e);
        }
        List<Response<?>> out = new ArrayList<>(response.getResponses());
        if (out.size() != requests.size()) {
            throw new RpcException(RpcException.TRANSPORT, "node answered " + out.size() + " of " + requests.size() + " batched calls", null, false, null);
        }
        return out;
    }

    /**
     * Returns a response's error as an exception, if it has one.
     *
     * @param response a response
     * @return the error
     */
    public static Optional<RpcException> error(Response<?> response) {
        if (response == null) {
            return Optional.of(new RpcException(RpcException.TRANSPORT, "empty response from node", null, false, null));
        }
        if (!response.hasError()) {
            return Optional.empty();
        }
        var e = response.getError();
        return Optional.of(new RpcException(e.getCode(), e.getMessage(), cleanData(e.getData()), false, null));
    }

    private static void check(Response<?> response) {
        Optional<RpcException> e = error(response);
        if (e.isPresent()) {
            throw e.get();
        }
    }

    static String cleanData(String data) {
        if (data == null) {
            return null;
        }
        String d = data.strip();
        if (d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
            d = d.substring(1, d.length() - 1);
        }
        if (d.startsWith("{")) {
            // some nodes nest {"data": "0x..."}
            int i = d.indexOf("0x");
            if (i < 0) {
                return null;
            }
            int j = i + 2;
            while (j < d.length() && Character.digit(d.charAt(j), 16) >= 0) {
                j++;
            }
            d = d.substring(i, j);
        }
        return d.startsWith("0x") ? d : null;
    }

    private RpcException transport(Exception e) {
        Throwable t = e;
        boolean refused = false;
        while (t != null) {
            if (t instanceof ConnectException) {
                refused = true;
            }
            t = t.getCause();
        }
        String what = refused ? "connection refused" : (e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName() + ": " + e.getMessage());
        return new RpcException(RpcException.TRANSPORT, "RPC node at " + url + " unreachable (" + what + ")", null, refused, e);
    }

    /** @return the node's chain id */
    public long chainId() {
        return send(web3j.ethChainId()).getChainId().longValueExact();
    }

    /**
     * Checks that the node serves the expected chain, so nothing is ever signed for another one.
     *
     * @param id the expected chain id
     * @param name the chain's name, for the message
     * @throws IllegalStateException if the node cannot be reached or serves another chain
     */
    public void requireChain(long id, String name) {
        long reported;
        try {
            reported = chainId();
        } catch (RpcException e) {
            throw new IllegalStateException("cannot check the chain id: " + e.getMessage(), e);
        }
        if (reported != id) {
            throw new IllegalStateException("RPC node at " + url + " serves chain id " + reported + ", but the configuration says "
                    + id + " (" + name + "); refusing to sign for the wrong chain");
        }
    }

    /**
     * @param address an account
     * @param block "latest" or "pending"
     * @return the account's transaction count
     */
    public BigInteger nonce(String address, DefaultBlockParameterName block) {
        return send(web3j.ethGetTransactionCount(address, block)).getTransactionCount();
    }

    /**
     * @param address an account
     * @return the account's balance in wei at the latest block
     */
    public BigInteger balance(String address) {
        return send(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST)).getBalance();
    }

    /**
     * Calls a contract read-only.
     *
     * @param from the caller, may be null
     * @param to the contract
     * @param data calldata
     * @return the returned bytes as 0x hex
     * @throws RpcException on revert (with revert data) or failure
     */
    public String call(String from, String to, String data) {
        return send(web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), DefaultBlockParameterName.LATEST)).getValue();
    }

    /**
     * @param hash a transaction hash
     * @return its receipt, if mined
     */
    public Optional<TransactionReceipt> receipt(String hash) {
        return send(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
    }

    /**
     * @param hash a transaction hash
     * @return whether the node knows the transaction (pending or mined)
     */
    public Optional<org.web3j.protocol.core.methods.response.Transaction> transaction(String hash) {
        return send(web3j.ethGetTransactionByHash(hash)).getTransaction();
    }

    /**
     * @param raw a signed transaction as 0x hex
     * @return the hash the node reports
     */
    public String sendRaw(String raw) {
        return send(web3j.ethSendRawTransaction(raw)).getTransactionHash();
    }

    /**
     * Sends a signed transaction with {@code eth_sendRawTransactionSync} (EIP-7966: Anvil, Base
     * and other OP-stack nodes), which answers with the receipt once mined.
     *
     * @param raw a signed transaction as 0x hex
     * @return the receipt
     * @throws RpcException code -32601 if the node lacks the method, code 4 if not mined within
     *     the node's timeout (the transaction is then in the pool)
     */
    public TransactionReceipt sendRawSync(String raw) {
        var request = new Request<>("eth_sendRawTransactionSync", List.of(raw), syncService,
                org.web3j.protocol.core.methods.response.EthGetTransactionReceipt.class);
        return send(request).getTransactionReceipt().orElseThrow(
                () -> new RpcException(RpcException.TRANSPORT, "eth_sendRawTransactionSync answered without a receipt", null, false, null));
    }

    /**
     * @return the fee history of the latest block (its base fee and the next block's)
     */
    public EthFeeHistory.FeeHistory feeHistory() {
        return send(web3j.ethFeeHistory(1, DefaultBlockParameterName.LATEST, List.of())).getFeeHistory();
    }

    /** @return the node's suggested priority fee in wei */
    public BigInteger maxPriorityFee() {
        return send(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
    }

    /** @return the latest block number */
    public BigInteger blockNumber() {
        return send(web3j.ethBlockNumber()).getBlockNumber();
    }

    /**
     * Decodes a JSON-RPC quantity ({@code 0x}-prefixed hex) without the exception web3j's
     * {@code Numeric.decodeQuantity} throws and catches for every value it decodes.
     *
     * @param hex the quantity, may be null
     * @return its value, or null for null
     * @throws org.web3j.exceptions.MessageDecodingException if it is not a quantity
     */
    static BigInteger quantity(String hex) {
        if (hex == null) {
            return null;
        }
        int n = hex.length();
        if (n < 3 || n > 66 || hex.charAt(0) != '0' || hex.charAt(1) != 'x' || Character.digit(hex.charAt(2), 16) < 0) {
            return org.web3j.utils.Numeric.decodeQuantity(hex);
        }
        try {
            return n <= 17 ? BigInteger.valueOf(Long.parseLong(hex, 2, n, 16)) : new BigInteger(hex.substring(2), 16);
        } catch (NumberFormatException e) {
            return org.web3j.utils.Numeric.decodeQuantity(hex);
        }
    }

    /**
     * @param block a block parameter
     * @return it, for symmetry
     */
    static DefaultBlockParameter block(DefaultBlockParameter block) {
        return block;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
