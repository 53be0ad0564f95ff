package dev.agentry.x402.internal;

import dev.agentry.x402.X402Asset;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * EIP-3009 {@code TransferWithAuthorization}: the EIP-712 typed data a payer signs, the recovery of
 * its signer, and the calldata that settles it or asks whether its nonce was used.
 */
public final class Eip3009 {
    private Eip3009() {
    }

    /**
     * Returns the typed data of an authorization, as the JSON web3j's encoder and wallets take.
     *
     * @param asset the token (its domain name and version)
     * @param chainId the chain
     * @param p the authorization (its signature is ignored)
     * @return the typed data JSON
     */
    public static String typedData(X402Asset asset, long chainId, Wire.Payment p) {
        ObjectNode root = Wire.JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        fields(types.putArray("EIP712Domain"), "name", "string", "version", "string", "chainId", "uint256", "verifyingContract", "address");
        fields(types.putArray("TransferWithAuthorization"), "from", "address", "to", "address", "value", "uint256", "validAfter", "uint256",
                "validBefore", "uint256", "nonce", "bytes32");
        root.put("primaryType", "TransferWithAuthorization");
        ObjectNode domain = root.putObject("domain");
        domain.put("name", asset.name());
        domain.put("version", asset.version());
        domain.put("chainId", chainId);
        domain.put("verifyingContract", asset.address());
        ObjectNode m = root.putObject("message");
        m.put("from", p.from());
        m.put("to", p.to());
        m.put("value", p.value().toString());
        m.put("validAfter", p.validAfter().toString());
        m.put("validBefore", p.validBefore().toString());
        m.put("nonce", p.nonce());
        return Wire.JSON.writeValueAsString(root);
    }

    private static void fields(ArrayNode into, String... nameType) {
        for (int i = 0; i < nameType.length; i += 2) {
            ObjectNode f = into.addObject();
            f.put("name", nameType[i]);
            f.put("type", nameType[i + 1]);
        }
    }

    /**
     * Recovers who signed an authorization.
     *
     * @param asset the token
     * @param chainId the chain
     * @param p the signed authorization
     * @return the signer, checksummed, or empty if the signature or the authorization is malformed
     */
    public static Optional<String> signer(X402Asset asset, long chainId, Wire.Payment p) {
        if (!p.signature().matches("0x[0-9a-fA-F]{130}") || !p.nonce().matches("0x[0-9a-fA-F]{64}")
                || !p.from().matches("0x[0-9a-fA-F]{40}") || !p.to().matches("0x[0-9a-fA-F]{40}")) {
            return Optional.empty();
        }
        try {
            byte[] hash = new StructuredDataEncoder(typedData(asset, chainId, p)).hashStructuredData();
            byte[] sig = Numeric.hexStringToByteArray(p.signature());
            byte v = sig[64] < 27 ? (byte) (sig[64] + 27) : sig[64];
            BigInteger key = Sign.signedMessageHashToKey(hash, new Sign.SignatureData(v, Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64)));
            return Optional.of(Keys.toChecksumAddress(Keys.getAddress(key)));
        } catch (IOException | SignatureException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Encodes {@code transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, v, r, s)}.
     *
     * @param p the signed authorization
     * @return calldata, 0x hex
     */
    public static String settle(Wire.Payment p) {
        byte[] sig = Numeric.hexStringToByteArray(p.signature());
        int v = sig[64] < 27 ? sig[64] + 27 : sig[64];
        return FunctionEncoder.encode(new Function("transferWithAuthorization", List.of(new Address(p.from()), new Address(p.to()),
                new Uint256(p.value()), new Uint256(p.validAfter()), new Uint256(p.validBefore()), new Bytes32(Numeric.hexStringToByteArray(p.nonce())),
                new Uint8(v), new Bytes32(Arrays.copyOfRange(sig, 0, 32)), new Bytes32(Arrays.copyOfRange(sig, 32, 64))), List.of()));
    }

    /**
     * Encodes {@code authorizationState(authorizer, nonce)}.
     *
     * @param authorizer the payer
     * @param nonce the nonce, 0x hex
     * @return calldata, 0x hex
     */
    public static String authorizationState(String authorizer, String nonce) {
        return FunctionEncoder.encode(new Function("authorizationState", List.of(new Address(authorizer),
                new Bytes32(Numeric.hexStringToByteArray(nonce))), List.of()));
    }

    /**
     * Encodes {@code balanceOf(owner)}.
     *
     * @param owner the holder
     * @return calldata, 0x hex
     */
    public static String balanceOf(String owner) {
        return FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
    }

    /**
     * Reads a returned word as a number (a balance, or a bool as 0/1).
     *
     * @param hex the returned bytes
     * @return the number
     */
    public static BigInteger word(String hex) {
        return hex == null || hex.length() < 3 ? BigInteger.ZERO : Numeric.toBigInt(hex);
    }
}
