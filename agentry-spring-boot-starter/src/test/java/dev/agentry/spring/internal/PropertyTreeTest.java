package dev.agentry.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PropertyTreeTest {

    private static ConfigurationPropertySource source(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new MapConfigurationPropertySource(map);
    }

    @Test
    void rebuildsMapsAndListsAsWritten() {
        Map<String, Object> tree = PropertyTree.read(List.of(source(
                "agentry.agents.teller.tools[0]", "native_balance",
                "agentry.agents.teller.tools[1]", "wallet_address",
                "agentry.agents.teller.policy.rateLimits[0].tool", "social_post",
                "agentry.agents.teller.policy.rateLimits[0].calls", 10,
                "agentry.agents.teller.limits.maxSteps", 4,
                "agentry.other", "not read")), "agentry.agents");

        assertThat(tree).isEqualTo(Map.of("teller", Map.of(
                "tools", List.of("native_balance", "wallet_address"),
                "policy", Map.of("rateLimits", List.of(Map.of("tool", "social_post", "calls", 10))),
                "limits", Map.of("maxSteps", 4))));
    }

    @Test
    void keepsReferencesRawTurnsKebabIntoCamelAndDecimalsIntoStrings() {
        Map<String, Object> tree = PropertyTree.read(List.of(source(
                "agentry.agents.a.model.base-url", "${OPENAI_BASE_URL}",
                "agentry.agents.a.chain.tokens[MY-TOKEN]", "0xabc",
                "agentry.agents.a.policy.spendCaps[0].amount", 0.05d,
                "agentry.agents.a.policy.fundsForUntrusted", false)), "agentry.agents");

        Map<?, ?> agent = (Map<?, ?>) tree.get("a");
        assertThat(agent.get("model")).isEqualTo(Map.of("baseUrl", "${OPENAI_BASE_URL}"));
        assertThat(agent.get("chain")).isEqualTo(Map.of("tokens", Map.of("MY-TOKEN", "0xabc")));
        assertThat(agent.get("policy")).isEqualTo(Map.of("spendCaps", List.of(Map.of("amount", "0.05")), "fundsForUntrusted", false));
    }

    @Test
    void theSourceSpringRanksFirstWins() {
        Map<String, Object> tree = PropertyTree.read(List.of(
                source("agentry.agents.a.limits.maxSteps", 2),
                source("agentry.agents.a.limits.maxSteps", 9, "agentry.agents.a.limits.promptTokens", 800)), "agentry.agents");

        assertThat(tree).isEqualTo(Map.of("a", Map.of("limits", Map.of("maxSteps", 2, "promptTokens", 800))));
    }

    @Test
    void camelCase() {
        assertThat(PropertyTree.camel("persona-file")).isEqualTo("personaFile");
        assertThat(PropertyTree.camel("receipt-poll-interval-ms")).isEqualTo("receiptPollIntervalMs");
        assertThat(PropertyTree.camel("plain")).isEqualTo("plain");
    }
}
