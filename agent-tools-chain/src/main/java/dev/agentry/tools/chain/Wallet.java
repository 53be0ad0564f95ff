package dev.agentry.tools.chain;

import dev.agentry.core.Secret;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import dev.agentry.tools.chain.internal.Ecdsa;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * An EVM account that can sign: loaded from an encrypted web3j wallet file (keystore v3), from a
 * hex private key held in a {@link Secret} (such as an environment variable), or freshly generated
 * into a new keystore.
 *
 * <p>The key never leaves this object: it is not in {@link #toString()}, in exception messages or
 * in logs; callers get signatures and the address only. Instances are immutable and thread-safe.
 */
public final class Wallet {
    private final Credentials credentials;
    private final String address;
    private final String origin;
    private final Optional<Path> keystore;

    private Wallet(Credentials credentials, String origin, Optional<Path> keystore) {
        this.credentials = credentials;
        this.address = Keys.toChecksumAddress(credentials.getAddress());
        this.origin = origin;
        this.keystore = keystore;
    }

    /**
     * Creates a wallet from a hex private key (64 hex digits, with or without {@code 0x}).
     *
     * @param privateKey the key
     * @return the wallet
     * @throws IllegalArgumentException naming the secret's origin (never the value) if malformed
     */
    public static Wallet fromPrivateKey(Secret privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        String hex = privateKey.reveal().strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("private key from " + privateKey.origin() + " is not 32 bytes of hex (64 hex digits, optional 0x)");
        }
        BigInteger k = new BigInteger(hex, 16);
        if (k.signum() == 0 || k.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
            throw new IllegalArgumentException("private key from " + privateKey.origin() + " is outside the secp256k1 range");
        }
        return new Wallet(Credentials.create(ECKeyPair.create(k)), privateKey.origin(), Optional.empty());
    }

    /**
     * Creates a wallet from a hex private key held in an environment variable.
     *
     * @param variable the variable's name, for example {@code "AGENT_PRIVATE_KEY"}
     * @return the wallet
     * @throws IllegalArgumentException if the variable is unset or malformed (the value is never shown)
     */
    public static Wallet fromEnvironment(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return fromPrivateKey(Secret.of(value, "${" + variable + "}"));
    }

    /**
     * Loads a wallet from an encrypted web3j wallet file (Ethereum keystore v3).
     *
     * @param file the keystore file
     * @param password its password
     * @return the wallet
     * @throws IllegalArgumentException if the file cannot be read or the password is wrong
     */
    public static Wallet fromKeystore(Path file, Secret password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("keystore file " + file + " does not exist");
        }
        try {
            Credentials c = WalletUtils.loadCredentials(password.reveal(), file.toFile());
            return new Wallet(c, "keystore " + file.getFileName(), Optional.of(file));
        } catch (CipherException e) {
            throw new IllegalArgumentException("cannot decrypt keystore " + file + ": wrong password (" + password.origin() + ")");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read keystore " + file + ": not a valid keystore v3 file");
        }
    }

    /**
     * Generates a new key and stores it in a new encrypted keystore file (standard scrypt
     * parameters) in a directory.
     *
     * @param directory where to write the file (created if missing)
     * @param password the password protecting the file
     * @return the wallet; {@link #keystoreFile()} names the new file
     * @throws IllegalArgumentException if the file cannot be written
     */
    public static Wallet generate(Path directory, Secret password) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(password, "password");
        try {
            Files.createDirectories(directory);
            File dir = directory.toFile();
            String fileName = WalletUtils.generateNewWalletFile(password.reveal(), dir);
            return fromKeystore(directory.resolve(fileName), password);
        } catch (IOException | CipherException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot create a keystore in " + directory + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Returns the account's address in EIP-55 checksum form.
     *
     * @return the address
     */
    public String address() {
        return address;
    }

    /**
     * Returns the keystore file this wallet was loaded from or generated into.
     *
     * @return the file, or empty for a key from a variable
     */
    public Optional<Path> keystoreFile() {
        return keystore;
    }

    /**
     * Signs a transaction (EIP-1559 transactions carry their chain id).
     *
     * @param transaction the unsigned transaction
     * @return the signed transaction's bytes, ready for {@code eth_sendRawTransaction}
     */
    public byte[] signTransaction(RawTransaction transaction) {
        if (!transaction.getType().isEip1559()) {
            return TransactionEncoder.signMessage(transaction, credentials);
        }
        byte[] hash = Hash.sha3(TransactionEncoder.encode(transaction));
        return TransactionEncoder.encode(transaction, Ecdsa.sign(hash, credentials.getEcKeyPair().getPrivateKey()));
    }

    /**
     * Signs a message the EIP-191 way ({@code personal_sign}: prefixed with
     * {@code "\x19Ethereum Signed Message:\n" + length}).
     *
     * @param message the message bytes
     * @return the 65-byte signature r‖s‖v as 0x hex
     */
    public String signMessage(byte[] message) {
        return toHex(Ecdsa.sign(Sign.getEthereumMessageHash(message), credentials.getEcKeyPair().getPrivateKey()));
    }

    /**
     * Signs a UTF-8 text message the EIP-191 way.
     *
     * @param message the text
     * @return the signature as 0x hex
     */
    public String signMessage(String message) {
        return signMessage(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs EIP-712 typed data given as JSON ({@code types}, {@code primaryType}, {@code domain},
     * {@code message}).
     *
     * @param typedDataJson the typed data
     * @return the signature as 0x hex
     * @throws IllegalArgumentException if the JSON is not valid typed data
     */
    public String signTypedData(String typedDataJson) {
        byte[] hash;
        try {
            hash = new StructuredDataEncoder(typedDataJson).hashStructuredData();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not valid EIP-712 typed data: " + e.getMessage());
        }
        return toHex(Ecdsa.sign(hash, credentials.getEcKeyPair().getPrivateKey()));
    }

    private static String toHex(Sign.SignatureData s) {
        byte[] out = new byte[65];
        System.arraycopy(s.getR(), 0, out, 0, 32);
        System.arraycopy(s.getS(), 0, out, 32, 32);
        out[64] = s.getV()[0];
        return Numeric.toHexString(out);
    }

    /** Returns {@code Wallet[address, origin]}; never the key. */
    @Override
    public String toString() {
        return "Wallet[" + address + ", " + origin + "]";
    }
}
