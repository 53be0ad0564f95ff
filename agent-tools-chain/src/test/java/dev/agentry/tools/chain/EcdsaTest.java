package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.Secret;
import dev.agentry.tools.chain.internal.Ecdsa;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** Our signer gives exactly web3j's signatures (same RFC 6979 nonce, same low-s, same recovery id). */
class EcdsaTest {

    @Test
    void matchesWeb3jBitForBit() throws Exception {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 300; i++) {
            ECKeyPair keys = Keys.createEcKeyPair(random);
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            Sign.SignatureData ours = Ecdsa.sign(hash, keys.getPrivateKey());
            Sign.SignatureData theirs = Sign.signMessage(hash, keys, false);
            assertThat(ours.getR()).isEqualTo(theirs.getR());
            assertThat(ours.getS()).isEqualTo(theirs.getS());
            assertThat(ours.getV()).isEqualTo(theirs.getV());
        }
    }

    @Test
    void signedTransactionsMatchWeb3j() {
        Wallet wallet = Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "k"));
        Credentials credentials = Credentials.create(Anvil.KEY_0);
        for (int i = 0; i < 50; i++) {
            RawTransaction tx = RawTransaction.createTransaction(31337, BigInteger.valueOf(i), BigInteger.valueOf(21000),
                    Anvil.ADDRESS_1, BigInteger.valueOf(i * 1000L), "0x", BigInteger.ONE, BigInteger.TEN.pow(10));
            assertThat(Numeric.toHexString(wallet.signTransaction(tx)))
                    .isEqualTo(Numeric.toHexString(TransactionEncoder.signMessage(tx, credentials)));
        }
    }
}
