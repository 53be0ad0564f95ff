package dev.agentry.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Spend;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpendRuleTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode args(String json) {
        return JSON.readTree(json);
    }

    @Test
    void readsAssetAmountAndRecipientByPath() {
        SpendRule rule = new SpendRule("ETH", "$.amount", Optional.of("$.to"), 0);
        assertThat(rule.read(args("{\"to\":\"0xB0B\",\"amount\":\"1.25\"}"))).isEqualTo(Spend.of("ETH", new BigDecimal("1.25"), "0xB0B"));
        assertThat(rule.read(args("{\"to\":\"0xB0B\",\"amount\":2}"))).isEqualTo(Spend.of("ETH", new BigDecimal("2"), "0xB0B"));
    }

    @Test
    void followsNestedPathsIndexesAndQuotedKeys() {
        SpendRule rule = new SpendRule("$.payment['asset id']", "$.payment.legs[1].value", Optional.empty(), 0);
        JsonNode call = args("{\"payment\":{\"asset id\":\"USDC\",\"legs\":[{\"value\":\"1\"},{\"value\":\"7.5\"}]}}");
        assertThat(rule.read(call)).isEqualTo(Spend.of("USDC", new BigDecimal("7.5")));
    }

    @Test
    void scalesBaseUnitsDownByDecimals() {
        SpendRule wei = new SpendRule("ETH", "$.value", Optional.empty(), 18);
        assertThat(wei.read(args("{\"value\":\"1500000000000000000\"}")).amount()).isEqualByComparingTo("1.5");
    }

    @Test
    void aMissingOrMalformedAmountRefusesTheCallNamingThePath() {
        SpendRule rule = new SpendRule("ETH", "$.amount", Optional.of("$.to"), 0);
        assertThatThrownBy(() -> rule.read(args("{\"to\":\"0xB0B\"}"))).isInstanceOf(ToolException.class).hasMessageContaining("$.amount");
        assertThatThrownBy(() -> rule.read(args("{\"to\":\"0xB0B\",\"amount\":\"lots\"}"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("must be a decimal amount");
        assertThatThrownBy(() -> rule.read(args("{\"to\":\"0xB0B\",\"amount\":\"-1\"}"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> rule.read(args("{\"amount\":\"1\"}"))).isInstanceOf(ToolException.class).hasMessageContaining("recipient at $.to");
    }

    @Test
    void unsupportedPathsFailWhenTheRuleIsMade() {
        assertThatThrownBy(() -> new SpendRule("ETH", "$..amount", Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported JSON path '$..amount'");
        assertThatThrownBy(() -> new SpendRule("ETH", "$.legs[*]", Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpendRule("ETH", "amount", Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON path such as $.amount");
    }
}
