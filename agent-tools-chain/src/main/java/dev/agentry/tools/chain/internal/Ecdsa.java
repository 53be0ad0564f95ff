package dev.agentry.tools.chain.internal;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * secp256k1 signing that yields the recovery id directly from the nonce point R, instead of
 * web3j's trial public-key recoveries (up to four elliptic-curve multiplications per signature).
 * Deterministic (RFC 6979 with HMAC-SHA256, as BouncyCastle's and web3j's signer), low-s
 * canonical: the signatures are bit-for-bit those of {@link Sign#signMessage(byte[],
 * org.web3j.crypto.ECKeyPair, boolean)}. Stateless and thread-safe.
 */
public final class Ecdsa {
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    private Ecdsa() {
    }

    /**
     * Signs a 32-byte hash.
     *
     * @param hash the hash
     * @param privateKey the key
     * @return the signature with v = 27 + recovery id
     */
    public static Sign.SignatureData sign(byte[] hash, BigInteger privateKey) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + hash.length);
        }
        HMacDSAKCalculator kCalculator = new HMacDSAKCalculator(new SHA256Digest());
        kCalculator.init(N, privateKey, hash);
        BigInteger e = new BigInteger(1, hash);
        while (true) {
            BigInteger k = kCalculator.nextK();
            ECPoint p = MULTIPLIER.multiply(Sign.CURVE_PARAMS.getG(), k).normalize();
            BigInteger x = p.getAffineXCoord().toBigInteger();
            BigInteger r = x.mod(N);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger s = k.modInverse(N).multiply(e.add(privateKey.multiply(r))).mod(N);
            if (s.signum() == 0) {
                continue;
            }
            int recId = (p.getAffineYCoord().toBigInteger().testBit(0) ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
            if (s.compareTo(HALF_N) > 0) {
                s = N.subtract(s);
                recId ^= 1;
            }
            return new Sign.SignatureData((byte) (27 + recId), Numeric.toBytesPadded(r, 32), Numeric.toBytesPadded(s, 32));
        }
    }
}
