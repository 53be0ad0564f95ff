package dev.agentry.runner;

import static dev.agentry.runner.AgentryTest.agentry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.runner.AgentryTest.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster} on the command line: a mistake is one line naming what is wrong (exit status 2)
 * and never shows a password, {@code chat} and {@code mcp} refuse it, {@code check} accepts it and
 * refuses an embedded local chain for a cluster node, while well-formed arguments parse (the
 * servers themselves are {@link ClusterRunIT}'s).
 */
class ClusterArgumentsTest {
    private static final String USAGE = "usage: agentry run BOT --cluster HOST:PORT[,HOST:PORT...] jdbc:postgresql://HOST:PORT/DATABASE\n";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/agentry";

    @Test
    void missingValuesAfterClusterNameBoth() {
        String expected = "agentry: --cluster needs the Kafka bootstrap servers and the PostgreSQL URL; " + USAGE;

        assertThat(agentry("run", "bot", "--cluster")).isEqualTo(new Result(2, "", expected));
        assertThat(agentry("run", "bot", "--cluster", "127.0.0.1:9092")).isEqualTo(new Result(2, "", expected));
        assertThat(agentry("run", "bot", "--cluster", "127.0.0.1:9092", "--debug")).isEqualTo(new Result(2, "", expected));
        assertThat(agentry("run", "bot", "--cluster", "127.0.0.1:9092", URL, "--cluster", "127.0.0.1:9093", URL))
                .isEqualTo(new Result(2, "", "agentry: --cluster is given twice; a node joins one cluster\n"));
    }

    @Test
    void badBrokersOrANonPostgresUrlAreNamedWithoutThePassword() {
        assertThat(agentry("run", "bot", "--cluster", "localhost", URL)).isEqualTo(new Result(2, "",
                "agentry: --cluster: 'localhost' is not a list of Kafka brokers; expected HOST:PORT[,HOST:PORT...], e.g. 127.0.0.1:9092\n"));
        assertThat(agentry("run", "bot", "--cluster", "127.0.0.1:9092,127.0.0.1:99999", URL).err())
                .isEqualTo("agentry: --cluster: '127.0.0.1:9092,127.0.0.1:99999' is not a list of Kafka brokers; expected HOST:PORT[,HOST:PORT...], "
                        + "e.g. 127.0.0.1:9092\n");
        Result mysql = agentry("run", "bot", "--cluster", "127.0.0.1:9092", "jdbc:mysql://root:s3cret@db:3306/agentry?password=hunter2");

        assertThat(mysql).isEqualTo(new Result(2, "", "agentry: --cluster: the database URL must start with jdbc:postgresql:, "
                + "e.g. jdbc:postgresql://127.0.0.1:5432/agentry; got 'jdbc:mysql://db:3306/agentry'\n"));
        assertThat(mysql.err()).doesNotContain("s3cret").doesNotContain("hunter2");
    }

    @Test
    void chatMcpAndScriptsRefuseTheCluster() {
        assertThat(agentry("chat", "bot", "--cluster", "127.0.0.1:9092", URL)).isEqualTo(new Result(2, "", "agentry: agentry chat serves one "
                + "terminal or client from this process and cannot join a cluster; a cluster node is agentry run BOT --cluster "
                + "HOST:PORT[,HOST:PORT...] jdbc:postgresql://HOST:PORT/DATABASE\n"));
        assertThat(agentry("mcp", "bot", "--cluster", "127.0.0.1:9092", URL).err()).startsWith("agentry: agentry mcp serves one terminal");
        assertThat(agentry("init", "bot", "--cluster", "127.0.0.1:9092", URL).err())
                .isEqualTo("agentry: '--cluster' is not an option of agentry init; usage: agentry init NAME\n");
        assertThat(agentry("run", "bot", "--script", "s.txt", "--cluster", "127.0.0.1:9092", URL)).isEqualTo(new Result(2, "",
                "agentry: --script plays a conversation on this terminal and cannot be combined with --cluster; run the script without "
                        + "--cluster, or publish events to the cluster's topic\n"));
    }

    @Test
    void wellFormedArgumentsParseAndTheCredentialsComeFromTheUrlOrTheEnvironment() {
        CommandLine line = CommandLine.parse("run", "bot", "--cluster", "127.0.0.1:9092,[::1]:9093,kafka-2.internal:9094",
                URL + "?user=agent&password=p%40ss", "--data", "d");
        ClusterAddress fromEnv = CommandLine.parse("check", "bot", "--cluster", "127.0.0.1:9092", URL).cluster().orElseThrow();
        Map<String, String> env = Map.of("PGUSER", "envuser", "PGPASSWORD", "envpass");

        ClusterAddress address = line.cluster().orElseThrow();
        assertThat(line.target()).isEqualTo("bot");
        assertThat(address.bootstrapServers()).isEqualTo("127.0.0.1:9092,[::1]:9093,kafka-2.internal:9094");
        assertThat(address.shownUrl()).isEqualTo(URL);
        assertThat(address.user(env)).isEqualTo("agent");
        assertThat(address.password(env)).isEqualTo("p@ss");
        assertThat(fromEnv.user(env)).isEqualTo("envuser");
        assertThat(fromEnv.password(env)).isEqualTo("envpass");
        assertThat(fromEnv.user(Map.of())).isEqualTo("postgres");
        assertThat(fromEnv.urlWithCredentials(env)).isEqualTo(URL + "?user=envuser&password=envpass");
        assertThat(CommandLine.parse("run", "bot").cluster()).isEmpty();
        assertThat(agentry("--help").out()).contains("agentry run BOT [--script FILE] [--data DIR] [--console PORT] [--cluster BOOTSTRAP_SERVERS JDBC_URL]",
                "agentry check BOT [--cluster BOOTSTRAP_SERVERS JDBC_URL]", "Ctrl-C or SIGTERM leaves the cluster");
    }

    @Test
    void checkRefusesAnEmbeddedLocalChainForAClusterNodeAndPassesABotWithout() {
        String tipper = AgentryTest.BOTS.resolve("tipper").toAbsolutePath().normalize().toString();
        String herald = AgentryTest.BOTS.resolve("herald").toAbsolutePath().normalize().toString();

        Result embedded = agentry("check", tipper, "--cluster", "127.0.0.1:9092", URL);
        Result alone = agentry("check", tipper);
        Result node = agentry("check", herald, "--cluster", "127.0.0.1:9092", URL);

        assertThat(embedded.status()).isEqualTo(1);
        assertThat(embedded.err()).isEqualTo("agentry: " + tipper + " has 1 problem; nothing was started:\n  " + tipper + "/config.json: "
                + "$.chain.rpcUrl: is \"embedded\", a local chain inside one process, but a cluster's agents move between nodes and must share "
                + "one chain: with --cluster, set it (RPC_URL) to a JSON-RPC URL every node reaches, and the token addresses and key the bot "
                + "needs (TIP_TOKEN, AGENT_PRIVATE_KEY)\n");
        assertThat(alone.status()).as(alone.err()).isZero();
        assertThat(node.status()).as(node.err()).isZero();
        assertThat(node.out()).isEqualTo(herald + ": ok (configuration, persona, environment variables, plugins, demo.json, cluster node)\n");
    }
}
