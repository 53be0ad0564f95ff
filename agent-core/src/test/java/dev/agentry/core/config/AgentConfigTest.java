package dev.agentry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.AgentConfig;
import dev.agentry.core.ConfigException;
import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Limits;
import dev.agentry.core.ModelConfig;
import dev.agentry.core.PolicyDecision;
import dev.agentry.core.PolicyRequest;
import dev.agentry.core.Secret;
import dev.agentry.core.Spend;
import dev.agentry.core.StandardPolicy;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.Trust;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-test-0123456789",
            "TIPPER_PRIVATE_KEY", "0xdeadbeef",
            "X_BEARER_TOKEN", "bearer-xyz");

    static final String MINIMAL_MODEL = "\"model\": {\"provider\": \"openai\", \"name\": \"gpt-4o-mini\"}";

    static AgentConfig parse(String body) {
        return AgentConfig.parse("{" + body + "}", "agent.json", ENV);
    }

    @Test
    void parsesFullExample() {
        Path file = PersonaTest.resource("configs/tipper.agent.json");
        AgentConfig config = AgentConfig.load(file, ENV);

        assertThat(config.agentId()).contains("tipper");
        assertThat(config.personaPath()).contains(PersonaTest.resource("personas/tipper.character.json"));
        assertThat(config.persona()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("Tipper"));

        ModelConfig model = config.model();
        assertThat(model.provider()).isEqualTo("openai");
        assertThat(model.baseUrl()).contains("https://api.openai.com/v1");
        assertThat(model.modelName()).isEqualTo("gpt-4o-mini");
        assertThat(model.apiKey().reveal()).isEqualTo("sk-test-0123456789");
        assertThat(model.apiKey().origin()).isEqualTo("${OPENAI_API_KEY}");
        assertThat(model.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(model.maxAttempts()).isEqualTo(4);
        assertThat(model.maxOutputTokens()).contains(512);

        assertThat(config.plugins()).containsExactly("chain", "social");
        assertThat(config.tools()).containsExactly("transfer_token", "token_balance");
        assertThat(config.limits()).isEqualTo(new Limits(6, 2000, 900, 5, 300, 200_000, Duration.ofMinutes(2), 3, 1000, Limits.Overflow.REJECT));

        assertThat(config.section("chain")).hasValueSatisfying(chain -> {
            assertThat(chain.secret("privateKey").reveal()).isEqualTo("0xdeadbeef");
            assertThat(chain.integer("chainId", 1, 0)).isEqualTo(8453);
        });
        assertThat(config.section("memory")).isPresent();
        assertThat(config.section("nope")).isEmpty();
        assertThat(config.resolve("${BASE_RPC_URL:-http://127.0.0.1:8545}")).isEqualTo("http://127.0.0.1:8545");
        Secret key = config.section("chain").orElseThrow().secret("privateKey");
        assertThat(key.reveal()).isEqualTo("0xdeadbeef");
        assertThat(key.origin()).isEqualTo("${TIPPER_PRIVATE_KEY}");
        assertThat(config.secret("${TELEGRAM_BOT_TOKEN:-}").isEmpty()).isTrue();
    }

    @Test
    void toStringShowsNoSecrets() {
        AgentConfig config = AgentConfig.load(PersonaTest.resource("configs/tipper.agent.json"), ENV);

        assertThat(config.toString()).contains("tipper", "gpt-4o-mini", "${OPENAI_API_KEY}", "chain")
                .doesNotContain("sk-test-0123456789", "0xdeadbeef", "bearer-xyz");
        assertThat(config.model().toString()).doesNotContain("sk-test-0123456789");
    }

    @Test
    void defaultsApplyWhenVariableIsUnsetOrEmpty() {
        String body = "\"model\": {\"provider\": \"openai\", \"name\": \"${MODEL:-llama3}\", \"baseUrl\": \"http://${HOST:-localhost}:11434/v1\", \"apiKey\": \"${OLLAMA_KEY:-}\"}";

        AgentConfig unset = AgentConfig.parse("{" + body + "}", "a.json", Map.of());
        assertThat(unset.model().modelName()).isEqualTo("llama3");
        assertThat(unset.model().baseUrl()).contains("http://localhost:11434/v1");
        assertThat(unset.model().apiKey().isEmpty()).isTrue();

        AgentConfig set = AgentConfig.parse("{" + body + "}", "a.json", Map.of("MODEL", "qwen2", "HOST", "gpu-box", "OLLAMA_KEY", ""));
        assertThat(set.model().modelName()).isEqualTo("qwen2");
        assertThat(set.model().baseUrl()).contains("http://gpu-box:11434/v1");
    }

    @Test
    void missingVariableNamesVariableAndField() {
        String json = "{\"model\": {\"provider\": \"openai\", \"name\": \"m\", \"apiKey\": \"${OPENAI_API_KEY}\"}}";

        assertThatThrownBy(() -> AgentConfig.parse(json, "agent.json", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.json: $.model.apiKey: environment variable OPENAI_API_KEY is not set and has no default");
        AgentConfig config = parse(MINIMAL_MODEL);
        assertThatThrownBy(() -> config.resolve("${NOPE}", "$.chain.rpcUrl"))
                .hasMessage("agent.json: $.chain.rpcUrl: environment variable NOPE is not set and has no default");
        assertThatThrownBy(() -> config.resolve("${NOPE}")).hasMessageContaining("NOPE");
    }

    @Test
    void literalSecretIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> parse("\"model\": {\"provider\": \"openai\", \"name\": \"m\", \"apiKey\": \"sk-live-SECRET-VALUE\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("agent.json: $.model.apiKey: literal secrets are not allowed; use ${ENV_VAR} (a reference to an environment variable)")
                .message().doesNotContain("sk-live-SECRET-VALUE");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"chain\": {\"wallets\": [{\"privateKey\": \"0xabcdef0123\"}]}"))
                .hasMessageContaining("agent.json: $.chain.wallets[0].privateKey: literal secrets are not allowed")
                .message().doesNotContain("0xabcdef0123");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"feeds\": {\"telegram\": {\"BOT_TOKEN\": \"123:abc\"}}"))
                .hasMessageContaining("$.feeds.telegram.BOT_TOKEN: literal secrets").message().doesNotContain("123:abc");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"x\": {\"password\": \"Bearer ${PW}\"}"))
                .hasMessageContaining("$.x.password: literal secrets");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"x\": {\"mnemonic\": \"${SEED:-test test test junk}\"}"))
                .hasMessageContaining("$.x.mnemonic: literal secrets").message().doesNotContain("junk");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"x\": {\"apiKeys\": [\"${A}\", \"plain-key\"]}"))
                .hasMessageContaining("$.x.apiKeys[1]: literal secrets").message().doesNotContain("plain-key");
    }

    @Test
    void invalidJsonDoesNotEchoAnUnquotedSecret() {
        assertThatThrownBy(() -> AgentConfig.parse("{\"model\": {\"apiKey\": sk-live-unquoted-secret}}", "agent.json", Map.of()))
                .hasMessageStartingWith("agent.json: invalid JSON at line 1")
                .message().doesNotContain("unquoted-secret");
        assertThatThrownBy(() -> parse("\"model\": {\"provider\": \"${OPENAI_API_KEY}\", \"name\": \"m\"}"))
                .hasMessageContaining("$.model.provider").message().doesNotContain("sk-test-0123456789");
    }

    @Test
    void publicValuesUnderSecretLikeNamesAreAccepted() {
        AgentConfig config = parse(MINIMAL_MODEL + ", \"chain\": {\"tokenAddress\": \"0x1111111111111111111111111111111111111111\","
                + " \"tokenSymbol\": \"TIP\", \"tokenDecimals\": 18, \"keystorePath\": \"wallet.json\","
                + " \"owner\": {\"publicKey\": \"0x2222222222222222222222222222222222222222\"}},"
                + " \"limits\": {\"promptTokens\": 3000}, \"policy\": {\"minimumTrust\": {\"launch_token\": \"OWNER\"}}");

        assertThat(config.limits().promptTokens()).isEqualTo(3000);
        assertThatThrownBy(() -> config.secret("literal-value"))
                .hasMessageContaining("literal secrets are not allowed").message().doesNotContain("literal-value");
    }

    @Test
    void unknownFieldsInCoreSectionsAreRefused() {
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"spendCap\": [{\"asset\": \"ETH\", \"amount\": \"1\", \"window\": \"P1D\"}]}"))
                .hasMessageStartingWith("agent.json: $.policy.spendCap: unknown field; expected one of [allowTools");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"spendCaps\": [{\"asset\": \"ETH\", \"amount\": \"1\", \"windw\": \"P1D\"}]}"))
                .hasMessageStartingWith("agent.json: $.policy.spendCaps[0].windw: unknown field");
        assertThatThrownBy(() -> parse("\"model\": {\"provider\": \"openai\", \"name\": \"m\", \"temprature\": 0.2}"))
                .hasMessageStartingWith("agent.json: $.model.temprature: unknown field");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"limits\": {\"maxStep\": 3}"))
                .hasMessageStartingWith("agent.json: $.limits.maxStep: unknown field");
    }

    @Test
    void unknownTopLevelSectionsAreKept() {
        AgentConfig config = parse(MINIMAL_MODEL + ", \"myPlugin\": {\"anything\": [1, 2]}");

        assertThat(config.section("myPlugin")).hasValueSatisfying(n -> assertThat(n.keys()).containsExactly("anything"));
        assertThat(config.plugins()).isEmpty();
        assertThat(config.tools()).isEmpty();
        assertThat(config.agentId()).isEmpty();
        assertThat(config.personaPath()).isEmpty();
        assertThat(config.limits()).isEqualTo(Limits.defaults());
    }

    @Test
    void badValuesNameThePathAndReason() {
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"spendCaps\": [{\"asset\": \"ETH\", \"amount\": \"lots\", \"window\": \"P1D\"}]}"))
                .hasMessageStartingWith("agent.json: $.policy.spendCaps[0].amount: expected a decimal amount");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"spendCaps\": [{\"asset\": \"ETH\", \"amount\": \"-1\", \"window\": \"P1D\"}]}"))
                .hasMessageStartingWith("agent.json: $.policy.spendCaps[0].amount: must not be negative");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"rateLimits\": [{\"tool\": \"t\", \"calls\": 1, \"window\": \"1h\"}]}"))
                .hasMessageStartingWith("agent.json: $.policy.rateLimits[0].window: expected an ISO-8601 duration");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"spendCaps\": [{\"asset\": \"ETH\", \"amount\": \"1\", \"window\": \"P1D\"},"
                + " {\"asset\": \"ETH\", \"amount\": \"2\", \"window\": \"P1D\"}]}"))
                .hasMessageContaining("$.policy.spendCaps[1]").hasMessageContaining("already set");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"allowTools\": [\"a\"], \"denyTools\": [\"a\"]}"))
                .hasMessageContaining("agent.json: $.policy: tools both allowed and denied");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"minimumTrust\": {\"x\": \"trusted\"}}"))
                .hasMessageStartingWith("agent.json: $.policy.minimumTrust.x: expected one of [OWNER, TRUSTED, UNTRUSTED]");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"policy\": {\"fundsForUntrusted\": \"no\"}"))
                .hasMessage("agent.json: $.policy.fundsForUntrusted: expected true or false, got string");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"limits\": {\"recentTokens\": 1900, \"recallTokens\": 300}"))
                .hasMessageStartingWith("agent.json: $.limits: recentTokens (1900) + recallTokens (300)");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"limits\": {\"maxSteps\": 2.5}"))
                .hasMessage("agent.json: $.limits.maxSteps: expected a whole number, got a fraction");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"limits\": {\"overflow\": \"DROP\"}"))
                .hasMessageStartingWith("agent.json: $.limits.overflow: expected one of [REJECT, BLOCK, DROP_OLDEST]");
        assertThatThrownBy(() -> parse("\"model\": {\"provider\": \"gemini\", \"name\": \"m\"}"))
                .hasMessageStartingWith("agent.json: $.model.provider: unknown provider \"gemini\"");
        assertThatThrownBy(() -> parse("\"model\": {\"provider\": \"openai\"}"))
                .hasMessageStartingWith("agent.json: $.model.name: required");
        assertThatThrownBy(() -> parse("\"agent\": {\"id\": \"a\"}"))
                .hasMessage("agent.json: $.model: the model section is required");
        assertThatThrownBy(() -> parse(MINIMAL_MODEL + ", \"tools\": \"all\""))
                .hasMessage("agent.json: $.tools: expected a list of strings, got string");
        assertThatThrownBy(() -> AgentConfig.parse("{\"model\": ", "cut.json", Map.of()))
                .hasMessageStartingWith("cut.json: invalid JSON at line 1");
        assertThatThrownBy(() -> AgentConfig.load(Path.of("does-not-exist.json"), Map.of()))
                .hasMessageContaining("does-not-exist.json: configuration file not found");
    }

    @Test
    void policyAmountsMayComeFromTheEnvironment() {
        String body = MINIMAL_MODEL + ", \"policy\": {\"spendCaps\": [{\"asset\": \"ETH\", \"amount\": \"${ETH_CAP:-0.02}\", \"window\": \"P1D\"}]}";
        StandardPolicy defaulted = AgentConfig.parse("{" + body + "}", "a.json", Map.of()).policy(new InMemoryJournal());
        StandardPolicy set = AgentConfig.parse("{" + body + "}", "a.json", Map.of("ETH_CAP", "0.5")).policy(new InMemoryJournal());
        Event owner = Event.of("e1", "test", "owner", "c1", "tip", Trust.OWNER);
        String to = "0xabc0000000000000000000000000000000000001";

        assertThat(defaulted.decide(request("k1", owner, Spend.of("ETH", new BigDecimal("0.1"), to))).rule()).isEqualTo("spend-cap");
        assertThat(set.decide(request("k1", owner, Spend.of("ETH", new BigDecimal("0.1"), to))).allowed()).isTrue();
        assertThatThrownBy(() -> AgentConfig.parse("{" + body.replace("${ETH_CAP:-0.02}", "${ETH_CAP}") + "}", "a.json", Map.of()))
                .hasMessageContaining("ETH_CAP");
    }

    @Test
    void policyIsBuiltAndEnforcesCaps() {
        AgentConfig config = AgentConfig.load(PersonaTest.resource("configs/tipper.agent.json"), ENV);
        StandardPolicy policy = config.policy(new InMemoryJournal());
        Event owner = Event.of("e1", "test", "owner", "c1", "tip", Trust.OWNER);
        String to = "0xabc0000000000000000000000000000000000001";

        PolicyDecision first = policy.decide(request("k1", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        PolicyDecision second = policy.decide(request("k2", owner, Spend.of("ETH", new BigDecimal("0.03"), to)));
        PolicyDecision overCap = policy.decide(request("k4", owner, Spend.of("ETH", new BigDecimal("0.011"), to)));
        PolicyDecision stranger = policy.decide(request("k5", owner, Spend.of("ETH", new BigDecimal("0.001"), "0x9999999999999999999999999999999999999999")));
        PolicyDecision uncapped = policy.decide(request("k6", owner, Spend.of("DOGE", BigDecimal.ONE, to)));

        assertThat(first.verdict()).isEqualTo(PolicyDecision.Verdict.ALLOW);
        assertThat(overCap.rule()).isEqualTo("spend-cap");
        assertThat(second.verdict()).isEqualTo(PolicyDecision.Verdict.NEEDS_APPROVAL);
        assertThat(stranger.rule()).isEqualTo("recipient-allowlist");
        assertThat(uncapped.rule()).isEqualTo("spend-cap");

        StandardPolicy fresh = config.policy(new InMemoryJournal());
        fresh.decide(request("a", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        fresh.decide(request("b", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        fresh.decide(request("c", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        fresh.decide(request("d", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        fresh.decide(request("e", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        PolicyDecision sixth = fresh.decide(request("f", owner, Spend.of("ETH", new BigDecimal("0.01"), to)));
        assertThat(sixth.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(sixth.rule()).isEqualTo("spend-cap");
        assertThat(sixth.reason()).contains("0.05");

        Event untrusted = Event.of("e2", "x", "someone", "c2", "send", Trust.UNTRUSTED);
        assertThat(fresh.decide(request("g", untrusted, Spend.of("ETH", new BigDecimal("0.001"), to))).allowed()).isFalse();
    }

    @Test
    void noPolicySectionMeansNoSpending() {
        StandardPolicy policy = parse(MINIMAL_MODEL).policy(new InMemoryJournal());
        Event owner = Event.of("e1", "test", "owner", "c1", "tip", Trust.OWNER);

        PolicyDecision decision = policy.decide(request("k", owner, Spend.of("ETH", new BigDecimal("0.001"), "0x1")));
        assertThat(decision.verdict()).isEqualTo(PolicyDecision.Verdict.DENY);
        assertThat(decision.rule()).isEqualTo("spend-cap");
    }

    @Test
    void modelConfigChecksArguments() {
        assertThatThrownBy(() -> ModelConfig.openAi("http://x", " ", Secret.of("", "none"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelConfig.anthropic("claude", Secret.of("k", "${K}")).withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        ModelConfig config = new ModelConfig("OpenAI", Optional.of(""), "m", Secret.of("", "none"), Duration.ofSeconds(5), 1, Optional.empty());
        assertThat(config.provider()).isEqualTo("openai");
        assertThat(config.baseUrl()).isEmpty();
    }

    private static PolicyRequest request(String key, Event event, Spend spend) {
        return new PolicyRequest("tipper", "transfer_token", Effect.FUNDS, event, ToolArguments.parse("{}"), List.of(spend), key, Instant.now());
    }
}
