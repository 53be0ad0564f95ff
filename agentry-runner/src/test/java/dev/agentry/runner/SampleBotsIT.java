package dev.agentry.runner;

import static dev.agentry.runner.AgentryProcess.find;
import static dev.agentry.runner.AgentryProcess.findAll;
import static dev.agentry.runner.AgentryProcess.tokenBalance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.runner.AgentryProcess.Finished;
import dev.agentry.testkit.Anvil;
import dev.agentry.testkit.ScriptedModel;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample bots, each run by {@code java -jar target/agentry.jar run agent-examples/bots/NAME
 * --script ...} in its own JVM from the repository root, as the README says: on the offline demo
 * model (or a real OpenAI client against a WireMock-served {@link ScriptedModel}), on the embedded
 * local chain the runner starts itself. Where value moved, the chain is checked independently
 * afterwards: a new Anvil loads the state the runner's chain left in the data folder and balances
 * and code are read over JSON-RPC.
 */
class SampleBotsIT {
    private static final String TIP_DEPLOYED = "token: deployed TIP \\(1000000, all to the agent\\) at (0x[0-9a-fA-F]{40})";

    @TempDir
    Path dir;

    private Finished script(String bot, Path script, Map<String, String> env) throws Exception {
        return AgentryProcess.run(dir, env, "", "run", "agent-examples/bots/" + bot, "--script", script.toString(), "--data", dir.resolve("data").toString());
    }

    private Finished script(String bot) throws Exception {
        return script(bot, Path.of("agent-examples/bots", bot, "script.txt"), Map.of());
    }

    /** A chain holding the state the bot's embedded chain left behind. */
    private Anvil chainLeftBehind() {
        Path state = dir.resolve("data/anvil-state.json");
        assertThat(state).as("the embedded chain writes its state when the bot stops").isRegularFile();
        return Anvil.builder().stateFile(state).start();
    }

    @Test
    void tipperTipsWithinItsCapsOnTheEmbeddedChainAndTheChainAgrees() throws Exception {
        Finished run = script("tipper");

        assertThat(run.status()).as(run.all()).isZero();
        assertThat(run.out()).contains("chain: started a local Anvil node", "OFFLINE DEMO MODEL", "[demo model]", "recipient-cap", "spend-cap",
                "summary: 7 messages, 12 tool calls (2 denied), 3 transactions, 0 failed").doesNotContain(Anvil.KEY_0.substring(2));
        assertThat(run.err()).isEmpty();
        String token = find(run.out(), TIP_DEPLOYED);
        try (Anvil chain = chainLeftBehind()) {
            assertThat(tokenBalance(chain.url(), token, Anvil.DEV_ADDRESSES.get(2))).isEqualByComparingTo("5");      // bob
            assertThat(tokenBalance(chain.url(), token, Anvil.DEV_ADDRESSES.get(1))).isEqualByComparingTo("8");      // alice
            assertThat(tokenBalance(chain.url(), token, Anvil.DEV_ADDRESSES.get(3))).isEqualByComparingTo("7");      // carol
            assertThat(tokenBalance(chain.url(), token, Anvil.DEV_ADDRESSES.get(4))).isEqualByComparingTo("0");      // dave: the daily cap
            assertThat(tokenBalance(chain.url(), token, Anvil.ADDRESS_0)).isEqualByComparingTo("999980");
        }
    }

    @Test
    void aRestartedTipperKeepsItsTokenItsChainAndItsSpentCaps() throws Exception {
        assertThat(script("tipper").status()).isZero();
        Path again = Files.writeString(dir.resolve("again.txt"), "what is your balance?\n?expect 999980\nalice: tip @bob 1\n?expect spend-cap\n");

        Finished restarted = script("tipper", again, Map.of());

        assertThat(restarted.status()).as(restarted.all()).isZero();
        assertThat(restarted.out()).contains("(deployed in an earlier run; TIP_TOKEN)", "state kept in").doesNotContain("token: deployed");
    }

    @Test
    void tipperWorksWithARealOpenAiClientOverWireMock() throws Exception {
        String bob = Anvil.DEV_ADDRESSES.get(2);
        try (ScriptedModel model = ScriptedModel.start()) {
            model.thenToolCall("recipient_address", "{\"name\":\"bob\"}")
                    .thenToolCall("transfer_token", "{\"token\":\"TIP\",\"to\":\"" + bob + "\",\"amount\":\"2.5\"}")
                    .thenReply("Sent 2.5 TIP to bob, thanks for helping alice!");
            Path script = Files.writeString(dir.resolve("openai.txt"), "alice: bob spent an hour helping me debug, he deserves a tip\n?expect Sent 2.5 TIP\n");

            Finished run = script("tipper", script, Map.of("OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API_KEY", "test-key"));

            assertThat(run.status()).as(run.all()).isZero();
            assertThat(run.out()).contains("model: OpenAI-compatible model gpt-4o-mini at " + model.baseUrl()).doesNotContain("[demo model]")
                    .contains("1 transactions, 0 failed");
            assertThat(model.requests()).hasSize(3);
            assertThat(model.requests().get(0)).contains("transfer_token", "recipient_address");
            String token = find(run.out(), TIP_DEPLOYED);
            try (Anvil chain = chainLeftBehind()) {
                assertThat(tokenBalance(chain.url(), token, bob)).isEqualByComparingTo("2.5");
            }
        }
    }

    @Test
    void aModelThatCannotBeReachedIsAFailedTurnNamingTheEndpointNeverTheKey() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port + "/v1";
        String key = "sk-unreachable-7f3c9a1e5b2d4c6e";
        Path script = Files.writeString(dir.resolve("unreachable.txt"), "alice: hello, are you there?\n");

        Finished run = script("tipper", script, Map.of("OPENAI_BASE_URL", endpoint, "OPENAI_API_KEY", key));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("! turn FAILED: ", "the model at " + endpoint + " could not be reached: connection refused", "1 failed")
                .doesNotContain("chose not to answer");
        assertThat(run.all()).doesNotContain(key).doesNotContain(key.substring(3));
    }

    @Test
    void launchpadLaunchesTwoCurvesRefusesTheThirdGraduatesTheSmallOneIntoUniswapAndAnswersFromItsJournal() throws Exception {
        Finished run = script("launchpad");

        assertThat(run.status()).as(run.all()).isZero();
        assertThat(run.out()).contains("uniswap: deployed V2 factory", "spend-cap", "not available", "\"count\":2", "Moon Cat",
                "\"graduated\":true", "\"tradesOnUniswap\":true", "\"route\":\"ETH -> SDOG\"", "3 transactions, 0 failed");
        var curves = findAll(run.out(), "\\[tool] curve_status \\{\"curve\":\"(0x[0-9a-fA-F]{40})\"}");
        assertThat(curves).hasSize(4);
        String small = curves.get(1);
        assertThat(curves.subList(2, 4)).as("the buy and the status read the small curve").allMatch(small::equalsIgnoreCase);
        var pairs = findAll(run.out(), "\"uniswapPair\":\"(0x[0-9a-fA-F]{40})\"");
        String pair = pairs.get(pairs.size() - 1);
        try (Anvil chain = chainLeftBehind()) {
            for (String curve : curves.subList(0, 2)) {
                assertThat(AgentryProcess.rpc(chain.url(), "eth_getCode", "[\"" + curve + "\",\"latest\"]")).as("code at " + curve).hasSizeGreaterThan(100);
            }
            assertThat(word(call(chain.url(), small, "0xe7c2b772"), 0)).as("graduated()").isEqualTo(BigInteger.ONE);
            assertThat(word(call(chain.url(), small, "0x6b709e1a"), 0)).as("tradingMoved()").isEqualTo(BigInteger.ONE);
            assertThat("0x" + call(chain.url(), small, "0xa8aa1b31").substring(24)).as("pair()").isEqualToIgnoringCase(pair);
            // getReserves(): 1000 SDOG seeded with the whole reserve of 0.1 ETH, on either side of the pair
            String reserves = call(chain.url(), pair, "0x0902f1ac");
            assertThat(List.of(word(reserves, 0), word(reserves, 1))).containsExactlyInAnyOrder(
                    new BigInteger("1000000000000000000000"), new BigInteger("100000000000000000"));
            assertThat(tokenBalance(chain.url(), small, pair)).isEqualByComparingTo("1000");
            assertThat(tokenBalance(chain.url(), small, Anvil.ADDRESS_0)).isEqualByComparingTo("1000");
        }
    }

    private static String call(String rpcUrl, String to, String data) throws Exception {
        return AgentryProcess.rpc(rpcUrl, "eth_call", "[{\"to\":\"" + to + "\",\"data\":\"" + data + "\"},\"latest\"]").substring(2);
    }

    private static BigInteger word(String hex, int index) {
        return new BigInteger(hex.substring(64 * index, 64 * (index + 1)), 16);
    }

    @Test
    void heraldPostsFromItsKnowledgeAndRefusesRepeats() throws Exception {
        Finished run = script("herald");

        assertThat(run.status()).as(run.all()).isZero();
        assertThat(run.out()).contains("knowledge: bonding-curves.md", "From my notes", "repeats one of your recent posts", "0 failed");
        // two autonomous posts, the requested post, three replies; the repeat is not posted
        assertThat(findAll(run.out(), "(?m)^(\\[\\d+] herald)")).hasSize(6);
    }
}
