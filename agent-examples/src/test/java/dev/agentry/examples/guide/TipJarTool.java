package dev.agentry.examples.guide;

import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guide, step 1 (PLUGINS.md): a tool in the interface style that moves value. It declares
 * {@link Effect#FUNDS} and, in {@link #spends}, what it will move and to whom, so the policy can
 * check caps and recipients before {@link #execute} runs. The "jar" is an in-memory ledger.
 */
public final class TipJarTool implements Tool {
    private final Map<String, BigDecimal> paid = new ConcurrentHashMap<>();

    @Override
    public ToolSpecification specification() {
        return ToolSpecification.builder().name("tip_jar_pay")
                .description("Pays a tip from the tip jar. Amount in JAR as a decimal string, e.g. \"1.5\".")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("to", "who receives the tip")
                        .addStringProperty("amount", "amount in JAR, decimal string")
                        .required("to", "amount").build())
                .build();
    }

    @Override
    public Effect effect() {
        return Effect.FUNDS;
    }

    @Override
    public List<Spend> spends(ToolArguments arguments, ToolContext context) {
        return List.of(Spend.of("JAR", arguments.decimal("amount"), arguments.string("to")));
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        BigDecimal amount = arguments.decimal("amount");
        if (amount.signum() <= 0) {
            throw new ToolException("amount must be positive, got " + amount.toPlainString());
        }
        // context.idempotencyKey() is stable for this request: a real payment API would receive it
        paid.merge(arguments.string("to"), amount, BigDecimal::add);
        return "{\"status\":\"paid\",\"to\":\"" + arguments.string("to") + "\",\"amount\":\"" + amount.toPlainString() + "\"}";
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
