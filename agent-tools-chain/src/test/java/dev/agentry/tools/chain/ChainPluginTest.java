package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import dev.agentry.core.CursorStore;
import dev.agentry.core.Journal;
import dev.agentry.core.Memory;
import dev.agentry.core.Persona;
import dev.agentry.core.Plugin;
import dev.agentry.core.PluginContext;
import dev.agentry.core.Secret;
import dev.agentry.core.Tool;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The "chain" configuration section through the ServiceLoader-registered plugin. */
class ChainPluginTest {
    private static final Pattern REF = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::-([^}]*))?}");

    /** A plugin context over a JSON config and a fake environment. */
    static PluginContext context(String chainSection, Map<String, String> env) {
        ConfigSection section = ConfigSection.parse("test config", chainSection, env);
        return new PluginContext() {
            @Override
            public String agentId() {
                return "agent";
            }

            @Override
            public Persona persona() {
                return Persona.of("Test", "a test agent");
            }

            @Override
            public Optional<ConfigSection> section(String name) {
                return name.equals("chain") ? Optional.of(section) : Optional.empty();
            }

            @Override
            public String resolve(String value) {
                Matcher m = REF.matcher(value);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String v = env.getOrDefault(m.group(1), m.group(2));
                    if (v == null) {
                        throw new ConfigException("variable " + m.group(1) + " is not set");
                    }
                    m.appendReplacement(sb, Matcher.quoteReplacement(v));
                }
                return m.appendTail(sb).toString();
            }

            @Override
            public Secret secret(String reference) {
                if (!reference.startsWith("${")) {
                    throw new ConfigException("secrets must be ${ENV} references");
                }
                return Secret.of(resolve(reference), reference);
            }

            @Override
            public Journal journal() {
                throw new UnsupportedOperationException();
            }

            @Override
            public CursorStore cursors() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Memory memory() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<MeterRegistry> meterRegistry() {
                return Optional.empty();
            }

            @Override
            public void closeOnShutdown(AutoCloseable resource) {
            }
        };
    }

    private static Plugin plugin() {
        return ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("chain")).findFirst().orElseThrow();
    }

    @Test
    void buildsToolsFromTheChainSection() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            String cfg = """
                    {"preset": "anvil", "rpcUrl": "${RPC_URL:-http://127.0.0.1:8545}", "chainId": 31337,
                     "wallet": {"privateKey": "${AGENT_PRIVATE_KEY}"}, "maxFeePerGasGwei": "50",
                     "receiptPollIntervalMs": 20, "slippagePercent": "0.5", "tradeDeadlineSeconds": 120,
                     "tokens": {"TIP": "0x5FbDB2315678afecb367f032d93F642f64180aa3"}}""";
            var tools = plugin().tools(context(cfg, Map.of("RPC_URL", anvil.url(), "AGENT_PRIVATE_KEY", Anvil.KEY_0)));
            assertThat(tools).extracting(Tool::name).contains("transfer_native", "launch_curve_token");
            String out = tools.stream().filter(t -> t.name().equals("wallet_address")).findFirst().orElseThrow()
                    .execute(dev.agentry.core.ToolArguments.parse("{}"), new TestContext());
            assertThat(out).contains(Anvil.ADDRESS_0);
        }
    }

    @Test
    void aUniswapSectionAddsTheSwapToolsAndIsChecked() {
        try (Anvil anvil = Anvil.start()) {
            UniswapV2Addresses u = Markets.deploy(anvil.url());
            String cfg = """
                    {"preset": "anvil", "rpcUrl": "${RPC_URL}", "wallet": {"privateKey": "${K}"},
                     "uniswapV2": {"factory": "%s", "router": "%s", "weth": "%s"}}""";
            Map<String, String> env = Map.of("RPC_URL", anvil.url(), "K", Anvil.KEY_0);
            assertThat(plugin().tools(context(cfg.formatted(u.factory(), u.router(), u.weth()), env))).extracting(Tool::name)
                    .contains("swap_quote", "swap_exact_in", "swap_exact_out");
            assertThatThrownBy(() -> plugin().tools(context(cfg.formatted(u.factory(), u.router(), u.factory().replace("0x", "0x1").substring(0, 42)),
                    env))).isInstanceOf(ConfigException.class).hasMessageContaining("reports WETH " + u.weth().toLowerCase());
            // positive control of the offer list: without the section (and no preset deployment) there are no swap tools
            assertThat(plugin().tools(context("""
                    {"preset": "anvil", "rpcUrl": "${RPC_URL}", "wallet": {"privateKey": "${K}"}}""", env))).extracting(Tool::name)
                    .doesNotContain("swap_exact_in").contains("curve_buy");
        }
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThatThrownBy(() -> plugin().tools(context("""
                {"preset": "base", "chainId": 1, "rpcUrl": "http://127.0.0.1:1", "wallet": {"privateKey": "${K}"}}""", Map.of("K", Anvil.KEY_0))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("chainId 1 contradicts preset base (8453)");
        assertThatThrownBy(() -> plugin().tools(context("""
                {"preset": "anvil", "rpcUrl": "http://127.0.0.1:1"}""", Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("test config: $.wallet: is required");
        assertThatThrownBy(() -> plugin().tools(context("""
                {"preset": "anvil", "rpcUrl": "http://127.0.0.1:1", "wallet": {"privateKey": "${K}"}}""", Map.of("K", Anvil.KEY_0))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connection refused");
        assertThatThrownBy(() -> plugin().tools(context("""
                {"preset": "anvil", "rpcUrl": "http://127.0.0.1:1", "wallet": {"privateKey": "${K}"}, "slippagePercent": "0"}""",
                Map.of("K", Anvil.KEY_0))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("slippagePercent must be greater than 0 and at most 50, got 0");
        assertThatThrownBy(() -> plugin().tools(context("""
                {"preset": "anvil", "rpcUrl": "http://127.0.0.1:1", "wallet": {"privateKey": "${K}"}, "tradeDeadlineSeconds": 86401}""",
                Map.of("K", Anvil.KEY_0))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tradeDeadline must be between 10 seconds and 1 day, got PT24H1S");
        assertThat(plugin().tools(new PluginContextWithoutChain())).isEmpty();
    }

    /** No chain section at all. */
    static final class PluginContextWithoutChain implements PluginContext {
        private final PluginContext delegate = context("{}", Map.of());

        @Override
        public String agentId() {
            return "a";
        }

        @Override
        public Persona persona() {
            return delegate.persona();
        }

        @Override
        public Optional<ConfigSection> section(String name) {
            return Optional.empty();
        }

        @Override
        public String resolve(String value) {
            return value;
        }

        @Override
        public Secret secret(String reference) {
            return delegate.secret(reference);
        }

        @Override
        public Journal journal() {
            return delegate.journal();
        }

        @Override
        public CursorStore cursors() {
            return delegate.cursors();
        }

        @Override
        public Memory memory() {
            return delegate.memory();
        }

        @Override
        public Optional<MeterRegistry> meterRegistry() {
            return Optional.empty();
        }

        @Override
        public void closeOnShutdown(AutoCloseable resource) {
        }
    }
}
