package dev.agentry.examples.guide;

import dev.agentry.core.Effect;
import dev.agentry.core.ToolEffect;
import dev.agentry.core.ToolEffect.SpendOf;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guide, step 2 (PLUGINS.md): a tool that moves value, in LangChain4j's annotation style. The
 * {@link ToolEffect} says it is {@link Effect#FUNDS} and what a call moves: {@code amount} JAR to
 * {@code to}. The policy checks that before the method runs; a FUNDS method without
 * {@code spends} is refused when it is registered. The project compiles with {@code -parameters},
 * so the model sees the parameters as {@code to} and {@code amount}.
 */
public final class AnnotatedTipJar {
    private final Map<String, BigDecimal> paid = new ConcurrentHashMap<>();

    /**
     * Pays a tip.
     *
     * @param to who receives it
     * @param amount how much, a decimal string
     * @return what was paid, as JSON
     */
    @Tool("Pays a tip from the tip jar. Amount in JAR as a decimal string, e.g. \"1.5\".")
    @ToolEffect(value = Effect.FUNDS, spends = @SpendOf(asset = "JAR", amount = "amount", recipient = "to"))
    public String tipJarSend(@P("who receives the tip") String to, @P("amount in JAR, a decimal string") String amount) {
        BigDecimal value = new BigDecimal(amount.strip());
        if (value.signum() <= 0) {
            throw new ToolException("amount must be positive, got " + value.toPlainString());
        }
        paid.merge(to, value, BigDecimal::add);
        return "{\"status\":\"paid\",\"to\":\"" + to + "\",\"amount\":\"" + value.toPlainString() + "\"}";
    }

    /**
     * Returns how much a recipient was paid.
     *
     * @param to the recipient
     * @return the total
     */
    public BigDecimal paidTo(String to) {
        return paid.getOrDefault(to, BigDecimal.ZERO);
    }
}
