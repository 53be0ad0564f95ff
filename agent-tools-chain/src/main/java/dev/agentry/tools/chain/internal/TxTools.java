package dev.agentry.tools.chain.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.tools.chain.Chain;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the {@link Effect#FUNDS} tools: each plans one transaction from its arguments and sends it.
 *
 * <p>{@link Tool#spends} plans and {@linkplain TxSender#prepare prepares} the transaction
 * (simulation, gas estimate and fees, one round trip) and declares, besides the value the plan
 * moves, the worst-case fee (gas limit × the highest max fee per gas the transaction may carry)
 * as a spend of the native coin with no recipient, so a native-asset cap counts gas. The prepared
 * transaction is kept for the call's {@link Tool#execute}, which sends exactly it: the estimate is
 * made once. If more than {@link #FRESH} passed (an approval, say), it is planned and prepared
 * again, and refused if it could now cost more in fees than was declared. After the receipt the
 * call {@linkplain ToolContext#settle settles} with the real fee (gas used × effective gas price).
 *
 * <p>A plan may need a first transaction before its own (an approval before the swap that spends
 * it). The first is simulated and prepared as usual; the second, which cannot run before the first
 * is mined, carries a gas limit the planner sized by simulating both in sequence, and is priced at
 * that limit: the declared fee covers both. Once the first is mined the second is simulated again
 * and refused if it now needs more gas or a higher fee than declared. The first's checkpoints are
 * kept under {@link #FIRST} so that a crash between the two never passes it off as the call's own
 * transaction; after such a crash the call is planned afresh (an approval already mined is then
 * not needed again). Thread-safe.
 */
final class TxTools {
    /** How long a prepared transaction is sent as it is, without simulating it again. */
    static final Duration FRESH = Duration.ofSeconds(30);
    /** Checkpoint key prefix of a plan's first transaction. */
    static final String FIRST = "first.";

    private final TxSender sender;
    private final Chain chain;
    private final Duration timeout;
    private final Cache<String, Authorised> authorised = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000).build();

    /**
     * One call's transaction, and the one it needs mined first, if any.
     *
     * @param request the transaction; with an explicit gas limit when {@code first} is present
     * @param spends the value it moves (not its fee), with every address it gives value or control to
     * @param describe adds the call's own fields to the result
     * @param first a transaction to mine before {@code request} (an approval)
     */
    record Plan(TxRequest request, List<Spend> spends, BiConsumer<TxOutcome, ObjectNode> describe, Optional<TxRequest> first) {
        Plan {
            if (first.isPresent() && request.gasLimit().isEmpty()) {
                throw new IllegalArgumentException("a transaction that follows another needs an explicit gas limit");
            }
        }

        Plan(TxRequest request, List<Spend> spends, BiConsumer<TxOutcome, ObjectNode> describe) {
            this(request, spends, describe, Optional.empty());
        }
    }

    /** Plans a call's transaction from its arguments. */
    @FunctionalInterface
    interface Planner {
        /**
         * Plans the transaction.
         *
         * @param args the validated arguments
         * @param context the call's context
         * @return the plan
         * @throws ToolException naming a bad argument
         * @throws RpcException when the node fails
         */
        Plan plan(ToolArguments args, ToolContext context);
    }

    private record Authorised(Plan plan, PreparedTx prepared, Optional<PreparedTx> first, long preparedAt) {
        boolean fresh() {
            return System.nanoTime() - preparedAt < FRESH.toNanos();
        }

        BigInteger worstFee() {
            return prepared.worstFee().add(first.map(PreparedTx::worstFee).orElse(BigInteger.ZERO));
        }
    }

    TxTools(TxSender sender, Chain chain, Duration timeout) {
        this.sender = sender;
        this.chain = chain;
        this.timeout = timeout;
    }

    /**
     * Makes a FUNDS tool.
     *
     * @param spec its specification
     * @param planner plans its transaction
     * @return the tool
     */
    Tool tool(ToolSpecification spec, Planner planner) {
        return new TxTool(spec, planner);
    }

    private Spend fee(BigInteger wei) {
        return Spend.of(chain.nativeSymbol(), new BigDecimal(wei, 18).stripTrailingZeros());
    }

    private List<Spend> withFee(List<Spend> spends, BigInteger fee) {
        List<Spend> all = new ArrayList<>(spends);
        all.add(fee(fee));
        return List.copyOf(all);
    }

    private static String key(String tool, ToolArguments a, ToolContext c) {
        return tool + '\u0000' + c.idempotencyKey() + '\u0000' + a.json();
    }

    private final class TxTool extends ChainTool {
        private final Planner planner;

        TxTool(ToolSpecification spec, Planner planner) {
            super(spec, Effect.FUNDS, timeout);
            this.planner = planner;
        }

        @Override
        public List<Spend> spends(ToolArguments a, ToolContext c) {
            try {
                Plan plan = planner.plan(a, c);
                Optional<Map<String, String>> interrupted = TxSender.interrupted(c);
                if (interrupted.isPresent()) {
                    return withFee(plan.spends(), sender.worstFee(interrupted.get()).orElse(BigInteger.ZERO));
                }
                Authorised prepared = prepare(plan);
                authorised.put(key(name(), a, c), prepared);
                return withFee(plan.spends(), prepared.worstFee());
            } catch (RpcException e) {
                throw e.toToolException();
            }
        }

        private Authorised prepare(Plan plan) {
            Optional<PreparedTx> first = plan.first().map(sender::prepare);
            PreparedTx own = first.isPresent() ? sender.price(plan.request()) : sender.prepare(plan.request());
            return new Authorised(plan, own, first, System.nanoTime());
        }

        @Override
        public String execute(ToolArguments a, ToolContext c) {
            try {
                Optional<Map<String, String>> interrupted = TxSender.interrupted(c);
                if (interrupted.isPresent()) {
                    return finish(planner.plan(a, c), sender.reconcile(interrupted.get(), c), BigInteger.ZERO, c);
                }
                Authorised approved = authorised.asMap().remove(key(name(), a, c));
                if (approved != null && approved.fresh()) {
                    return run(approved, c);
                }
                Authorised now = prepare(planner.plan(a, c));
                if (approved != null && now.worstFee().compareTo(approved.worstFee()) > 0) {
                    throw costlier(now.worstFee(), approved.worstFee());
                }
                return run(now, c);
            } catch (RpcException e) {
                throw e.toToolException();
            }
        }

        /**
         * Sends the plan's first transaction, if any, then its own: simulated again once the first
         * is mined, and sent at the gas limit and fees it was priced at.
         */
        private String run(Authorised auth, ToolContext c) {
            if (auth.first().isEmpty()) {
                return finish(auth.plan(), sender.send(auth.prepared(), c), BigInteger.ZERO, c);
            }
            TxOutcome first = sender.sendStep(auth.first().get(), c, FIRST);
            BigInteger firstFee = first.fee().orElse(BigInteger.ZERO);
            if (!first.succeeded()) {
                c.settle(List.of(fee(firstFee)));
                throw new ToolException("the preparatory transaction " + first.hash() + " is " + first.status().label()
                        + first.revertReason().map(r -> ": " + r).orElse("") + "; the main transaction was not sent");
            }
            try {
                sender.prepare(auth.plan().request());
            } catch (ToolException e) {
                c.settle(List.of(fee(firstFee)));
                throw new ToolException(e.getMessage() + " (the preparatory transaction " + first.hash() + " was mined)");
            }
            String result = finish(auth.plan(), sender.send(auth.prepared(), c), firstFee, c);
            ObjectNode n = (ObjectNode) Contracts.JSON.readTree(result);
            n.put("firstTxHash", first.hash());
            return ToolParts.render(n);
        }

        private ToolException costlier(BigInteger now, BigInteger approved) {
            return new ToolException("this transaction could now cost up to " + Units.fromBase(now, 18) + " " + chain.nativeSymbol()
                    + " in fees, more than the " + Units.fromBase(approved, 18) + " the policy approved; nothing was sent"
                    + ". Call the tool again to have it checked at the new price");
        }

        private String finish(Plan plan, TxOutcome o, BigInteger earlierFee, ToolContext c) {
            Optional<BigInteger> fee = o.fee().map(earlierFee::add);
            fee.ifPresent(f -> c.settle(o.succeeded() ? withFee(plan.spends(), f) : List.of(fee(f))));
            String sym = chain.nativeSymbol();
            if (o.status() == TxOutcome.Status.REVERTED) {
                throw new ToolException("transaction " + o.hash() + " was mined but reverted on chain"
                        + o.revertReason().map(r -> ": " + r).orElse("") + " (gas used " + o.gasUsed().map(BigInteger::toString).orElse("?")
                        + "); nothing changed except the fee of " + fee.map(f -> Units.fromBase(f, 18)).orElse("?") + " " + sym);
            }
            ObjectNode n = ToolParts.object();
            n.put("status", o.status().label());
            n.put("txHash", o.hash());
            n.put("nonce", o.nonce());
            o.blockNumber().ifPresent(b -> n.put("blockNumber", b.toString()));
            o.gasUsed().ifPresent(g -> n.put("gasUsed", g.toString()));
            o.effectiveGasPrice().ifPresent(p -> n.put("gasPriceGwei", Units.weiToGwei(p)));
            fee.ifPresent(f -> n.put("gasFee", Units.fromBase(f, 18)));
            chain.transactionUrl(o.hash()).ifPresent(u -> n.put("explorer", u));
            if (o.reconciled()) {
                n.put("note", "found the transaction of an interrupted earlier attempt; nothing was sent twice");
            }
            if (o.status() == TxOutcome.Status.PENDING) {
                n.put("note", "sent but not mined yet; check later with transaction_status");
            }
            plan.describe().accept(o, n);
            return ToolParts.render(n);
        }
    }
}
