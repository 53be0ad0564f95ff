package dev.agentry.examples;

import dev.agentry.core.Effect;
import dev.agentry.core.ToolEffect;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.math.BigDecimal;
import java.math.MathContext;

/** A tool in LangChain4j's annotation style: exact decimal arithmetic, no side effects. */
public final class Calculator {

    /**
     * Computes {@code a op b} exactly.
     *
     * @param a the first number, as a decimal string
     * @param operator one of + - * /
     * @param b the second number, as a decimal string
     * @return the result as a decimal string
     */
    @Tool("Exact decimal arithmetic on two numbers given as decimal strings")
    @ToolEffect(Effect.READ)
    public String calculate(@P("first number, e.g. \"1.5\"") String a, @P("one of + - * /") String operator, @P("second number") String b) {
        BigDecimal x = parse(a, "a");
        BigDecimal y = parse(b, "b");
        BigDecimal result = switch (operator.strip()) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*", "x", "×" -> x.multiply(y);
            case "/", "÷" -> {
                if (y.signum() == 0) {
                    throw new ToolException("cannot divide by zero");
                }
                yield x.divide(y, MathContext.DECIMAL64);
            }
            default -> throw new ToolException("operator must be one of + - * /, got '" + operator + "'");
        };
        return result.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal parse(String value, String name) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new ToolException("argument '" + name + "' must be a decimal number, got '" + value + "'");
        }
    }
}
