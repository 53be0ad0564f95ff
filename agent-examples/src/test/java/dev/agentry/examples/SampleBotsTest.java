package dev.agentry.examples;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.testkit.ScriptedModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of the sample bots: each runs its script (as CI and the README do) against a real
 * Anvil node, and the chain state is then checked independently over JSON-RPC.
 */
class SampleBotsTest {
    private static Anvil anvil;

    @TempDir
    Path data;

    @BeforeAll
    static void startChain() {
        anvil = Anvil.start();
    }

    @AfterAll
    static void stopChain() {
        anvil.close();
    }

    private static Path script(String name) {
        return BotSession.repositoryRoot().resolve("agent-examples/scripts").resolve(name);
    }

    private Map<String, String> chainEnv() {
        return Map.of("RPC_URL", anvil.url(), "AGENT_PRIVATE_KEY", Anvil.KEY_0);
    }

    private record Run(BotSummary summary, String output) {}

    private interface Bot {
        BotSummary run(BotOptions options, java.io.InputStream in, PrintStream out, Map<String, String> env) throws Exception;
    }

    private Run run(Bot bot, Path script, Map<String, String> env) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            BotSummary summary = bot.run(BotOptions.scripted(script, data), new ByteArrayInputStream(new byte[0]), out, env);
            return new Run(summary, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void tipperTipsWithinItsCapsWithTheDemoModel() throws Exception {
        Run run = run(Tipper::run, script("tipper.txt"), chainEnv());

        assertThat(run.summary().failures()).as(run.output()).isZero();
        assertThat(run.summary().transactions()).isEqualTo(3);
        assertThat(run.summary().denied()).isEqualTo(2);
        assertThat(run.output()).contains("OFFLINE DEMO MODEL", "[demo model]", "recipient-cap", "spend-cap")
                .doesNotContain(Anvil.KEY_0.substring(2));
        String token = run.summary().facts().get("token");
        assertThat(tokenBalance(token, Anvil.DEV_ADDRESSES.get(2))).isEqualByComparingTo("5");   // bob
        assertThat(tokenBalance(token, Anvil.DEV_ADDRESSES.get(1))).isEqualByComparingTo("8");   // alice
        assertThat(tokenBalance(token, Anvil.DEV_ADDRESSES.get(3))).isEqualByComparingTo("7");   // carol
        assertThat(tokenBalance(token, Anvil.DEV_ADDRESSES.get(4))).isEqualByComparingTo("0");   // dave: refused by the daily cap
        assertThat(tokenBalance(token, Anvil.DEV_ADDRESSES.get(0))).isEqualByComparingTo("999980");
    }

    @Test
    void tipperWorksWithARealOpenAiClientOverWireMock() throws Exception {
        String bob = Anvil.DEV_ADDRESSES.get(2);
        try (ScriptedModel model = ScriptedModel.start()) {
            model.thenToolCall("recipient_address", "{\"name\":\"bob\"}")
                    .thenToolCall("transfer_token", "{\"token\":\"TIP\",\"to\":\"" + bob + "\",\"amount\":\"2.5\"}")
                    .thenReply("Sent 2.5 TIP to bob, thanks for helping alice!");
            Path script = data.resolve("openai.txt");
            Files.writeString(script, "alice: bob spent an hour helping me debug, he deserves a tip\n?expect Sent 2.5 TIP\n");
            Map<String, String> env = new java.util.HashMap<>(chainEnv());
            env.put("OPENAI_BASE_URL", model.baseUrl());
            env.put("OPENAI_API_KEY", "test-key");
            env.put("OPENAI_MODEL", "gpt-4o-mini");

            Run run = run(Tipper::run, script, env);

            assertThat(run.summary().failures()).as(run.output()).isZero();
            assertThat(run.output()).doesNotContain("[demo model]").contains("OpenAI-compatible model");
            assertThat(run.summary().transactions()).isEqualTo(1);
            assertThat(model.requests()).hasSize(3);
            assertThat(model.requests().get(0)).contains("transfer_token", "recipient_address");
            assertThat(tokenBalance(run.summary().facts().get("token"), bob)).isEqualByComparingTo("2.5");
        }
    }

    @Test
    void aModelThatCannotBeReachedIsAFailedTurnNamingWhyAndTheEndpointNeverTheKey() throws Exception {
        String endpoint = "http://127.0.0.1:" + closedPort() + "/v1";
        String key = "sk-unreachable-7f3c9a1e5b2d4c6e";
        String expected = "the model at " + endpoint + " could not be reached: connection refused";
        Path script = data.resolve("unreachable.txt");
        Files.writeString(script, "alice: hello, are you there?\n");
        Map<String, String> env = new java.util.HashMap<>(chainEnv());
        env.put("OPENAI_BASE_URL", endpoint);
        env.put("OPENAI_API_KEY", key);

        Run run = run(Tipper::run, script, env);
        assertThat(run.summary().failures()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("! turn FAILED: ").contains(expected).doesNotContain("(silent)").doesNotContain("chose not to answer")
                .doesNotContain(key).doesNotContain(key.substring(3));

        // the console chat, the first sample, says the same
        ByteArrayOutputStream chat = new ByteArrayOutputStream();
        int failures = ConsoleChat.run(new ByteArrayInputStream("what is 2 + 2?\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(chat, true, StandardCharsets.UTF_8), env, false);
        String chatOutput = chat.toString(StandardCharsets.UTF_8);
        assertThat(failures).as(chatOutput).isEqualTo(1);
        assertThat(chatOutput).contains("! turn FAILED: ").contains(expected).doesNotContain("chose not to answer").doesNotContain(key.substring(3));
    }

    /** A loopback port nobody listens on. */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void launchpadLaunchesTwoCurvesAndRemembersThem() throws Exception {
        Run run = run(Launchpad::run, script("launchpad.txt"), chainEnv());

        assertThat(run.summary().failures()).as(run.output()).isZero();
        assertThat(run.summary().facts().get("launches")).isEqualTo("2");
        for (String curve : run.summary().facts().get("curves").split(",")) {
            assertThat(rpc("eth_getCode", "[\"" + curve + "\",\"latest\"]")).as("code at " + curve).hasSizeGreaterThan(100);
        }
        assertThat(run.output()).contains("not available");
    }

    @Test
    void heraldPostsFromItsKnowledgeAndRefusesRepeats() throws Exception {
        Run run = run(Herald::run, script("herald.txt"), Map.of());

        assertThat(run.summary().failures()).as(run.output()).isZero();
        assertThat(run.summary().facts().get("posts")).isEqualTo("6");   // two autonomous posts, the requested post, three replies
        assertThat(run.output()).contains("repeats one of your recent posts");
    }

    // ---------------------------------------------------------------- independent chain checks

    private static BigDecimal tokenBalance(String token, String holder) throws Exception {
        String data = "0x70a08231" + "0".repeat(24) + holder.substring(2).toLowerCase();
        String hex = rpc("eth_call", "[{\"to\":\"" + token + "\",\"data\":\"" + data + "\"},\"latest\"]");
        return new BigDecimal(new BigInteger(hex.substring(2), 16)).movePointLeft(18);
    }

    private static String rpc(String method, String params) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(anvil.url()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"result\"\\s*:\\s*\"(0x[0-9a-fA-F]*)\"").matcher(response.body());
        if (!m.find()) {
            throw new AssertionError(method + " failed: " + response.body());
        }
        return m.group(1);
    }
}
