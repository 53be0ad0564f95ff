package dev.agentry.tools.chain.internal;

import dev.agentry.tools.chain.Wallet;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.utils.Numeric;

/**
 * A signed transaction (public data: no key) and its hash.
 *
 * @param raw the signed transaction, 0x hex
 * @param hash its hash, 0x hex
 */
record SignedTx(String raw, String hash) {

    /**
     * Signs a transaction.
     *
     * @param wallet the signer
     * @param tx the unsigned transaction (its chain id inside)
     * @return the signed transaction
     */
    static SignedTx sign(Wallet wallet, RawTransaction tx) {
        return of(Numeric.toHexString(wallet.signTransaction(tx)));
    }

    /**
     * Wraps a signed transaction read back from a checkpoint.
     *
     * @param raw the signed transaction, 0x hex
     * @return it with its hash
     */
    static SignedTx of(String raw) {
        return new SignedTx(raw, Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(raw))));
    }
}
