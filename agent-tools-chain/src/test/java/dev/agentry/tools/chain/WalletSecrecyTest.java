package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Secret;
import dev.agentry.core.ToolArguments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * Key material never shows: System.out/err and log output (slf4j-simple writes to System.err; our
 * code and web3j log at debug in tests) are captured during wallet operations, including failures,
 * and scanned for the key's hex.
 */
class WalletSecrecyTest {

    @Test
    void keysNeverAppearInOutputLogsExceptionsOrCheckpoints(@TempDir Path dir) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        String generatedKey;
        System.setOut(tee);
        System.setErr(tee);
        try {
            LoggerFactory.getLogger(WalletSecrecyTest.class).debug("log capture is on");
            Wallet w = Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0, "${AGENT_PRIVATE_KEY}"));
            assertThat(w.address()).isEqualTo(Anvil.ADDRESS_0);
            texts.add(w.toString());
            System.out.println(w);
            assertThat(w.toString()).isEqualTo("Wallet[" + Anvil.ADDRESS_0 + ", ${AGENT_PRIVATE_KEY}]");

            // malformed keys: the message names the origin, never the value
            String almost = Anvil.KEY_0.substring(0, 65) + "g";
            collect(texts, () -> Wallet.fromPrivateKey(Secret.of(almost, "${BAD_KEY}")));
            collect(texts, () -> Wallet.fromPrivateKey(Secret.of(Anvil.KEY_0.substring(0, 60), "${SHORT_KEY}")));
            collect(texts, () -> Wallet.fromPrivateKey(Secret.of("0x" + "f".repeat(64), "${BIG_KEY}")));
            collect(texts, () -> Wallet.fromEnvironment("AGENTRY_SURELY_UNSET_VARIABLE"));

            // keystore: generate, load, wrong password, garbage file
            Secret password = Secret.of("correct horse battery staple", "${KEYSTORE_PASSWORD}");
            Wallet generated = Wallet.generate(dir, password);
            Path file = generated.keystoreFile().orElseThrow();
            generatedKey = Numeric.toHexStringNoPrefixZeroPadded(
                    WalletUtils.loadCredentials(password.reveal(), file.toFile()).getEcKeyPair().getPrivateKey(), 64);
            assertThat(Wallet.fromKeystore(file, password).address()).isEqualTo(generated.address());
            texts.add(generated.toString());
            collect(texts, () -> Wallet.fromKeystore(file, Secret.of("wrong", "${WRONG_PASSWORD}")));
            Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"not\": \"a keystore\"}");
            collect(texts, () -> Wallet.fromKeystore(garbage, password));
            collect(texts, () -> Wallet.fromKeystore(dir.resolve("missing.json"), password));

            // tools, including failures, against a real node
            try (Anvil anvil = Anvil.start();
                    ChainToolkit rich = ChainToolkitTest.toolkit(anvil.url(), w, b -> {
                    });
                    ChainToolkit poor = ChainToolkitTest.toolkit(anvil.url(), generated, b -> {
                    })) {
                TestContext ctx = new TestContext();
                texts.add(rich.tools("transfer_native").get(0).execute(
                        ToolArguments.parse("{\"to\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"0.1\"}"), ctx));
                texts.addAll(ctx.checkpoints.values());
                texts.add(rich.tools("sign_message").get(0).execute(ToolArguments.parse("{\"message\":\"hi\"}"), ctx));
                texts.add(rich.toString());
                collect(texts, () -> poor.tools("transfer_native").get(0).execute(
                        ToolArguments.parse("{\"to\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"1\"}"), new TestContext()));
                collect(texts, () -> poor.tools("sign_typed_data").get(0).execute(
                        ToolArguments.parse("{\"typed_data\":\"{}\"}"), new TestContext()));
                anvil.kill();
                collect(texts, () -> rich.tools("transfer_native").get(0).execute(
                        ToolArguments.parse("{\"to\":\"" + Anvil.ADDRESS_1 + "\",\"amount\":\"0.1\"}"), new TestContext()));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String all = (captured.toString(StandardCharsets.UTF_8) + "\n" + String.join("\n", texts)).toLowerCase(Locale.ROOT);
        assertThat(all).contains("log capture is on").contains("insufficient funds").contains("wrong password")
                .contains("connection refused");
        for (String key : List.of(Anvil.KEY_0.substring(2), generatedKey)) {
            assertThat(all).doesNotContain(key.toLowerCase(Locale.ROOT));
            // nor a long fragment of it
            assertThat(all).doesNotContain(key.toLowerCase(Locale.ROOT).substring(0, 16));
            assertThat(all).doesNotContain(key.toLowerCase(Locale.ROOT).substring(48));
        }
    }

    /** Runs a failing action, keeps its message, and prints its stack trace to the captured stderr. */
    private static void collect(List<String> texts, org.assertj.core.api.ThrowableAssert.ThrowingCallable action) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(action);
        assertThat(t).as("expected a failure").isNotNull();
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
        t.printStackTrace();
        LoggerFactory.getLogger(WalletSecrecyTest.class).warn("failure", t);
    }

    @Test
    void walletArgumentsFailClearly() {
        assertThatThrownBy(() -> Wallet.fromPrivateKey(Secret.of("xyz", "${K}"))).hasMessage("private key from ${K} is not 32 bytes of hex (64 hex digits, optional 0x)");
        assertThatThrownBy(() -> Wallet.fromEnvironment("AGENTRY_SURELY_UNSET_VARIABLE")).hasMessageContaining("AGENTRY_SURELY_UNSET_VARIABLE is not set");
    }
}
