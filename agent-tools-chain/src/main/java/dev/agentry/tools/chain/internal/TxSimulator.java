package dev.agentry.tools.chain.internal;

import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;

/**
 * Prepares a transaction: simulates it ({@code eth_call}) and estimates its gas in one JSON-RPC
 * batch (a plain value transfer needs no estimate: one call at 21000 gas simulates and sizes it),
 * reads the account's pending nonce in the same batch when no nonce of ours is out, and prices it
 * with {@link Fees}. Nothing is signed or sent. Thread-safe.
 */
final class TxSimulator {
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);

    private final TxEnv env;
    private final Rpc rpc;
    private final BigDecimal gasMargin;

    TxSimulator(TxEnv env, BigDecimal gasMargin) {
        this.env = env;
        this.rpc = env.rpc();
        this.gasMargin = gasMargin;
    }

    /**
     * Simulates, sizes and prices a request.
     *
     * @param request the request
     * @return the prepared transaction
     * @throws ToolException if the simulation reverts, funds are short or fees are above the cap,
     *     with nothing sent
     * @throws RpcException if the node cannot be reached
     */
    PreparedTx prepare(TxRequest request) {
        return priced(request, gasLimit(request));
    }

    /**
     * Prices a request whose gas limit is given, without simulating it: for a transaction that
     * can only run after another one (a swap after its approval), sized by a simulation of both.
     * It is simulated with {@link #prepare} once the first has been mined, before it is sent.
     *
     * @param request a request with an explicit gas limit
     * @return the priced transaction
     * @throws ToolException if fees are above the cap
     */
    PreparedTx price(TxRequest request) {
        return priced(request, request.gasLimit().orElseThrow(() -> new IllegalArgumentException("price() needs an explicit gas limit")));
    }

    private PreparedTx priced(TxRequest request, BigInteger gasLimit) {
        if (request.maxFeePerGas().isPresent()) {
            BigInteger maxFee = request.maxFeePerGas().get();
            if (maxFee.compareTo(env.fees().cap()) > 0) {
                throw new ToolException("max fee " + Units.weiToGwei(maxFee) + " gwei is above the cap of "
                        + Units.weiToGwei(env.fees().cap()) + " gwei; nothing was sent");
            }
            BigInteger tip = request.priorityFeePerGas().orElse(BigInteger.ZERO).min(maxFee);
            return new PreparedTx(request, gasLimit, maxFee, tip, env.fees().ceilingFor(maxFee));
        }
        Fees.Quote q = env.fees().quote();
        return new PreparedTx(request, gasLimit, q.maxFee(), q.priorityFee(), env.fees().ceilingFor(q.maxFee()));
    }

    private BigInteger gasLimit(TxRequest request) {
        String from = env.wallet().address();
        Transaction call = new Transaction(from, null, null, null, request.to().orElse(null), request.value(), request.data());
        long epoch = env.nonces().epoch();
        boolean plainTransfer = request.plainTransfer();
        boolean readNonce = env.nonces().idle();
        List<Request<?, ? extends Response<?>>> calls = new ArrayList<>();
        if (plainTransfer) {
            calls.add(rpc.web3j().ethCall(new Transaction(from, null, null, TRANSFER_GAS, request.to().get(), request.value(),
                    request.data()), DefaultBlockParameterName.LATEST));
        } else {
            calls.add(rpc.web3j().ethCall(call, DefaultBlockParameterName.LATEST));
            calls.add(rpc.web3j().ethEstimateGas(call));
        }
        if (readNonce) {
            calls.add(rpc.web3j().ethGetTransactionCount(from, DefaultBlockParameterName.PENDING));
        }
        List<Response<?>> r = rpc.batch(calls);
        if (readNonce && Rpc.error(r.get(r.size() - 1)).isEmpty()) {
            env.nonces().observe(Rpc.quantity(((EthGetTransactionCount) r.get(r.size() - 1)).getResult()).longValueExact(), epoch);
        }
        if (plainTransfer && Rpc.error(r.get(0)).isEmpty()) {
            return TRANSFER_GAS;
        }
        // a transfer to a contract (or one that fails at 21000 gas) is simulated and estimated in full
        List<Response<?>> full = plainTransfer
                ? rpc.batch(List.of(rpc.web3j().ethCall(call, DefaultBlockParameterName.LATEST), rpc.web3j().ethEstimateGas(call)))
                : r;
        Optional<RpcException> callError = Rpc.error(full.get(0)).or(() -> Rpc.error(full.get(1)));
        if (callError.isPresent()) {
            RpcException e = callError.get();
            if (e.isTransport()) {
                throw e;
            }
            if (e.says("insufficient funds")) {
                throw insufficientFunds(request.value(), BigInteger.ZERO);
            }
            throw new ToolException("simulation failed, nothing was sent: " + e.describe());
        }
        BigInteger estimate = ((EthEstimateGas) full.get(1)).getAmountUsed();
        if (request.gasLimit().isPresent() && estimate.compareTo(request.gasLimit().get()) > 0) {
            throw new ToolException("this transaction now needs " + estimate + " gas, more than the " + request.gasLimit().get()
                    + " it was sized and approved at; nothing was sent");
        }
        return request.gasLimit().orElseGet(() -> new BigDecimal(estimate).multiply(BigDecimal.ONE.add(gasMargin))
                .setScale(0, RoundingMode.CEILING).toBigIntegerExact());
    }

    /**
     * Describes a shortfall, with the balance read now when the node answers.
     *
     * @param value wei the transaction sends
     * @param maxGasCost the most its fee can be
     * @return the error, saying nothing was sent
     */
    ToolException insufficientFunds(BigInteger value, BigInteger maxGasCost) {
        String sym = env.chain().nativeSymbol();
        String balance;
        try {
            balance = Units.fromBase(rpc.balance(env.wallet().address()), 18) + " " + sym;
        } catch (RpcException e) {
            balance = "unknown";
        }
        return new ToolException("insufficient funds: balance " + balance + ", this transaction needs up to "
                + Units.fromBase(value.add(maxGasCost), 18) + " " + sym + " (value " + Units.fromBase(value, 18)
                + " + max gas fee " + Units.fromBase(maxGasCost, 18) + "); nothing was sent");
    }
}
