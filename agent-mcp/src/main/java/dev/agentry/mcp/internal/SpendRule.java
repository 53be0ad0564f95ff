package dev.agentry.mcp.internal;

import dev.agentry.core.Spend;
import dev.agentry.core.ToolException;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * How one spend of an MCP tool call is read from its arguments, as declared in configuration:
 * the asset (a literal such as {@code "ETH"} or a path), the amount (a path, or a literal) in
 * token units, optionally scaled down by {@code decimals} when the tool takes base units (wei),
 * and the recipient (a path or literal, optional). Immutable and thread-safe.
 *
 * @param asset the asset key, literal or path
 * @param amount the amount, literal or path
 * @param recipient the recipient, literal or path, if the spend has one
 * @param decimals how many decimal places to shift the amount left (0 for token units)
 */
public record SpendRule(String asset, String amount, Optional<String> recipient, int decimals) {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    /** Checks that every path parses, so a bad path fails at load. */
    public SpendRule {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(recipient, "recipient");
        checkPath(asset);
        checkPath(amount);
        recipient.ifPresent(SpendRule::checkPath);
        if (decimals < 0 || decimals > 36) {
            throw new IllegalArgumentException("decimals must be between 0 and 36, was " + decimals);
        }
        if (!JsonPath.isPath(amount) && !DECIMAL.matcher(amount).matches()) {
            throw new IllegalArgumentException("amount must be a JSON path such as $.amount or a decimal, was '" + amount + "'");
        }
    }

    /**
     * Reads the spend from a call's arguments.
     *
     * @throws ToolException naming the path when a value is missing or not an amount
     */
    public Spend read(JsonNode arguments) {
        String assetKey = text(asset, arguments, "asset");
        BigDecimal value = decimal(arguments).movePointLeft(decimals);
        if (value.signum() < 0) {
            throw new ToolException("the amount at " + amount + " must not be negative, was " + value.toPlainString());
        }
        return new Spend(assetKey, value, recipient.map(r -> text(r, arguments, "recipient")));
    }

    private BigDecimal decimal(JsonNode arguments) {
        if (!JsonPath.isPath(amount)) {
            return new BigDecimal(amount);
        }
        JsonNode node = JsonPath.parse(amount).read(arguments)
                .orElseThrow(() -> new ToolException("missing the amount at " + amount + " that this tool's spend is declared by"));
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isString() && DECIMAL.matcher(node.asString().strip()).matches()) {
            return new BigDecimal(node.asString().strip());
        }
        throw new ToolException("the value at " + amount + " must be a decimal amount like \"1.5\"");
    }

    private static String text(String source, JsonNode arguments, String what) {
        if (!JsonPath.isPath(source)) {
            return source;
        }
        JsonNode node = JsonPath.parse(source).read(arguments)
                .orElseThrow(() -> new ToolException("missing the " + what + " at " + source + " that this tool's spend is declared by"));
        if (!node.isString() && !node.isNumber()) {
            throw new ToolException("the " + what + " at " + source + " must be a string");
        }
        String value = node.asString().strip();
        if (value.isEmpty()) {
            throw new ToolException("the " + what + " at " + source + " must not be blank");
        }
        return value;
    }

    private static void checkPath(String value) {
        if (JsonPath.isPath(value)) {
            JsonPath.parse(value);
        }
    }
}
