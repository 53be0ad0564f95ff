package dev.agentry.tools.chain.internal;

import dev.agentry.tools.chain.Chain;
import dev.agentry.tools.chain.Wallet;
import java.util.Optional;

/**
 * What the parts of the {@link TxSender} share: one wallet sending on one chain through one node.
 *
 * @param rpc the node
 * @param chain the chain (its id is signed into every transaction)
 * @param wallet the signer
 * @param fees the fee source
 * @param nonces the wallet's nonce manager
 */
record TxEnv(Rpc rpc, Chain chain, Wallet wallet, Fees fees, NonceManager nonces) {

    /**
     * Returns whether the node knows a transaction (pending or mined); {@code false} when it cannot be asked.
     *
     * @param hash the transaction hash
     * @return whether known
     */
    boolean knows(String hash) {
        return known(hash).orElse(false);
    }

    /** Whether the node knows the transaction; empty when the node cannot be asked. */
    Optional<Boolean> known(String hash) {
        try {
            return Optional.of(rpc.transaction(hash).isPresent());
        } catch (RpcException e) {
            return e.isTransport() ? Optional.empty() : Optional.of(false);
        }
    }
}
