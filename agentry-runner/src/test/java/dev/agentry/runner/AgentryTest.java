package dev.agentry.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command in-process: user errors are one line naming what exists, {@code check} reports
 * every problem of a folder at once (each naming file and JSON path) while the sample bots pass
 * it, nothing is created before the configuration is valid, and {@code init} makes a folder that
 * passes the check.
 */
class AgentryTest {
    static final Path BOTS = Path.of("..", "agent-examples", "bots");

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {}

    static Result agentry(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Agentry.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result agentry(String... args) {
        return agentry(Map.of("PATH", System.getenv().getOrDefault("PATH", "")), args);
    }

    private Path bot(String name, String config) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.writeString(folder.resolve("config.json"), config);
        Files.writeString(folder.resolve("persona.json"), "{\"name\": \"Bot\", \"bio\": [\"A test bot.\"]}");
        return folder;
    }

    @Test
    void aBadCommandLineIsOneLineNamingTheCommandsOrOptionsThatExist() {
        assertThat(agentry()).isEqualTo(new Result(2, "", "agentry: no command given; commands: run, chat, check, init, mcp (agentry --help shows how to use them)\n"));
        assertThat(agentry("rn", "x")).isEqualTo(new Result(2, "",
                "agentry: unknown command 'rn'; commands: run, chat, check, init, mcp (agentry --help shows how to use them)\n"));
        assertThat(agentry("run", "x", "--scrpt", "y").err())
                .isEqualTo("agentry: '--scrpt' is not an option of agentry run; usage: agentry run BOT [--script FILE] [--data DIR] [--console PORT] "
                        + "[--cluster BOOTSTRAP_SERVERS JDBC_URL] [--debug]\n");
        assertThat(agentry("run")).isEqualTo(new Result(2, "", "agentry: agentry run needs a bot folder, e.g. agentry run agent-examples/bots/tipper\n"));
        assertThat(agentry("run", "x", "--console", "http").err()).isEqualTo("agentry: --console needs a port number from 1 to 65535, got 'http'\n");
        assertThat(agentry("--help").out()).contains("agentry run BOT [--script FILE]", "agentry chat BOT", "agentry check BOT", "agentry init NAME",
                "agentry mcp BOT");
    }

    @Test
    void aFolderThatIsNotABotNamesTheBotFoldersThatExist() throws Exception {
        bot("alpha", "{}");
        bot("beta", "{}");
        Files.createDirectories(dir.resolve("notes"));

        Result missing = agentry("check", dir.resolve("alhpa").toString());
        Result notABot = agentry("check", dir.resolve("notes").toString());
        Result parent = agentry("run", dir.toString());

        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("agentry: no bot folder " + dir.resolve("alhpa") + "; bot folders in " + dir + ": alpha, beta\n");
        assertThat(notABot.err()).isEqualTo("agentry: " + dir.resolve("notes") + " has no config.json, so it is not a bot folder; bot folders in "
                + dir + ": alpha, beta; agentry init NAME creates one\n");
        assertThat(parent.err()).isEqualTo("agentry: " + dir + " has no config.json, so it is not a bot folder; bot folders in it: alpha, beta; "
                + "agentry init NAME creates one\n");
        assertThat(parent.out()).isEmpty();
    }

    @Test
    void checkReportsEveryProblemAtOnceEachNamingFileAndJsonPath() throws Exception {
        Path folder = bot("broken", """
                {"agent": {"id": "broken", "persona": "persona.json", "colour": "red"},
                 "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY}"},
                 "plugins": ["chain", "tipjarr"],
                 "chain": {"preset": "base", "rpcUrl": "${RPC_URL}", "wallet": {"privateKey": "${AGENT_PRIVATE_KEY}"}, "rpcURL": "x",
                           "tokens": {"TIP": ""}},
                 "policy": {"spendCaps": [{"asset": "${TIP_TOKEN}", "amount": "-1", "window": "P1D"}]},
                 "limits": {"maxSteps": 0},
                 "console": {"autonomousPosts": {"min": "PT60S", "max": "PT10S"}},
                 "recipients": {"alice": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"}}
                """);
        Files.delete(folder.resolve("persona.json"));
        String file = folder.resolve("config.json").toString();

        Result check = agentry("check", folder.toString());

        assertThat(check.status()).isEqualTo(1);
        assertThat(check.out()).isEmpty();
        assertThat(check.err().lines().toList()).containsExactly(
                "agentry: " + folder + " has 13 problems; nothing was started:",
                "  " + file + ": $.model.apiKey: environment variable OPENAI_API_KEY is not set and has no default (set it, or write ${OPENAI_API_KEY:-default})",
                "  " + file + ": $.chain.rpcUrl: environment variable RPC_URL is not set and has no default (set it, or write ${RPC_URL:-default})",
                "  " + file + ": $.chain.wallet.privateKey: environment variable AGENT_PRIVATE_KEY is not set and has no default "
                        + "(set it, or write ${AGENT_PRIVATE_KEY:-default})",
                "  " + file + ": $.policy.spendCaps[0].asset: environment variable TIP_TOKEN is not set and has no default (set it, or write ${TIP_TOKEN:-default})",
                "  " + file + ": $.agent.colour: unknown field; expected one of [id, persona]",
                "  " + file + ": $.policy.spendCaps[0].amount: must not be negative, was -1",
                "  " + file + ": $.limits.maxSteps: must be at least 1, was 0",
                "  " + folder.resolve("persona.json") + ": persona file not found",
                "  " + file + ": $.plugins[1]: no plugin named \"tipjarr\" is installed; installed: chain, launch-history, mcp, recipients, social",
                "  " + file + ": $.recipients: is not used: add \"recipients\" to $.plugins (the recipients plugin reads it), or remove the section",
                "  " + file + ": unknown field $.chain.rpcURL; known fields here: preset, chainId, name, nativeSymbol, rpcUrl, wallet, maxFeePerGasGwei, "
                        + "gasMargin, receiptPollIntervalMs, receiptTimeoutSeconds, slippagePercent, tradeDeadlineSeconds, tokens, uniswapV2",
                "  " + file + ": $.chain.tokens.TIP: is empty; set it to the token's address (only the embedded local chain deploys tokens itself)",
                "  " + file + ": $.console.autonomousPosts.max: must be at least min, and min more than zero");
    }

    @Test
    void theSampleBotsPassTheCheck() {
        for (String bot : List.of("tipper", "launchpad", "herald")) {
            Result check = agentry("check", BOTS.resolve(bot).toString());
            assertThat(check.status()).as(check.err()).isZero();
            assertThat(check.out()).isEqualTo(BotFolder.shown(BOTS.resolve(bot)) + ": ok (configuration, persona, environment variables, plugins, demo.json)\n");
        }
    }

    @Test
    void theEmbeddedChainNeedsNoKeyButAnyOtherChainDoes() {
        Map<String, String> realChain = new HashMap<>(Map.of("RPC_URL", "http://127.0.0.1:1", "AGENT_PRIVATE_KEY", ""));

        Result embedded = agentry("check", BOTS.resolve("tipper").toString());
        Result remote = agentry(realChain, "check", BOTS.resolve("tipper").toString());

        assertThat(embedded.status()).isZero();
        assertThat(remote.status()).isEqualTo(1);
        String file = BotFolder.shown(BOTS.resolve("tipper/config.json"));
        assertThat(remote.err().lines().toList()).containsExactly(
                "agentry: " + BotFolder.shown(BOTS.resolve("tipper")) + " has 2 problems; nothing was started:",
                "  " + file + ": $.chain.wallet.privateKey: ${AGENT_PRIVATE_KEY} is empty: a chain other than the embedded one needs the agent's key",
                "  " + file + ": $.chain.tokens.TIP: is empty; set it to the token's address (only the embedded local chain deploys tokens itself)");
    }

    @Test
    void nothingIsCreatedBeforeTheConfigurationIsValid() throws Exception {
        Path folder = bot("almost", """
                {"agent": {"persona": "persona.json"},
                 "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY:-}"},
                 "plugins": ["chain"],
                 "chain": {"preset": "anvil", "rpcUrl": "embedded", "wallet": {"privateKey": "${AGENT_PRIVATE_KEY}"}},
                 "limits": {"maxSteps": 0}}
                """);
        Files.writeString(folder.resolve("demo.json"), "{\"rules\": [], \"otherwise\": \"hi\"}");

        Result run = agentry("run", folder.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("has 1 problem; nothing was started:", "$.limits.maxSteps: must be at least 1, was 0");
        assertThat(run.out()).isEmpty();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("config.json", "persona.json", "demo.json");
        }
    }

    @Test
    void initCreatesABotThatPassesTheCheckAndNeverOverwrites() {
        Path target = dir.resolve("my-bot");

        Result init = agentry("init", target.toString());
        Result check = agentry("check", target.toString());
        Result again = agentry("init", target.toString());
        Result badName = agentry("init", dir.resolve("my bot").toString());

        assertThat(init.status()).isZero();
        assertThat(init.out()).contains("config.json, persona.json, demo.json, knowledge/about.md, script.txt", "next: agentry chat " + target);
        assertThat(target.resolve(".gitignore")).hasContent("data/");
        assertThat(check.status()).as(check.err()).isZero();
        assertThat(again).isEqualTo(new Result(1, "", "agentry: " + target + " already exists; choose another name (nothing was changed)\n"));
        assertThat(badName.err()).isEqualTo("agentry: the bot's name 'my bot' must be 1-64 letters, digits, '.', '_' or '-' (it becomes the agent's id)\n");
        assertThat(dir.resolve("my bot")).doesNotExist();
    }

    @Test
    void aBotWithNeitherAKeyNorADemoModelIsToldWhatToDo() throws Exception {
        Path folder = bot("keyless", """
                {"agent": {"persona": "persona.json"},
                 "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY:-}"}}
                """);

        Result check = agentry("check", folder.toString());
        Files.writeString(folder.resolve("demo.json"), "{\"rules\": [], \"otherwise\": \"hi\"}");
        Result withDemo = agentry("check", folder.toString());

        assertThat(check.err()).endsWith(": $.model.apiKey: is empty (${OPENAI_API_KEY}), and https://api.openai.com/v1 needs a key: set it, "
                + "point baseUrl at a local model, or add a demo.json for the offline demo model\n");
        assertThat(withDemo.status()).as(withDemo.err()).isZero();
    }

    @Test
    void aBotBringsItsOwnPluginAsAJarInItsPluginsFolder() throws Exception {
        Path folder = bot("own", """
                {"agent": {"persona": "persona.json"},
                 "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY:-}"},
                 "plugins": ["hello"]}
                """);
        Files.writeString(folder.resolve("demo.json"), "{\"rules\": [], \"otherwise\": \"hi\"}");

        Result without = agentry("check", folder.toString());
        PluginJar.write(folder.resolve("plugins/hello.jar"), dir.resolve("build"));
        Result with = agentry("check", folder.toString());

        assertThat(without.err()).contains("$.plugins[0]: no plugin named \"hello\" is installed; installed: chain, launch-history");
        assertThat(with.status()).as(with.err()).isZero();
    }

    @Test
    void aBrokenDemoScriptIsReportedWithItsPath() throws Exception {
        Path folder = bot("demo", """
                {"agent": {"persona": "persona.json"},
                 "model": {"provider": "openai", "name": "gpt-4o-mini", "apiKey": "${OPENAI_API_KEY:-}"}}
                """);
        Files.writeString(folder.resolve("demo.json"), "{\"rules\": [{\"when\": \"tip (\", \"reply\": \"ok\"}, {\"when\": \"x\"}]}");

        Result check = agentry("check", folder.toString());

        assertThat(check.err()).contains(folder.resolve("demo.json") + ": $.rules[0].when: is not a valid regular expression: Unclosed group");
    }
}
