package dev.agentry.examples;

import java.util.Map;

/**
 * What a sample bot's run did, printed as its last line.
 *
 * @param messages messages and ticks processed
 * @param toolCalls tool calls made by the model
 * @param denied tool calls the policy refused
 * @param transactions transactions sent (tool results carrying a transaction hash)
 * @param failures failed turns plus unmet {@code ?expect} lines of a script
 * @param facts things a test may want to check independently, such as {@code token} → address
 */
public record BotSummary(int messages, int toolCalls, int denied, int transactions, int failures, Map<String, String> facts) {

    /** Copies the facts. */
    public BotSummary {
        facts = Map.copyOf(facts);
    }

    /**
     * Returns the summary line.
     *
     * @return for example {@code summary: 6 messages, 5 tool calls (1 denied), 3 transactions, 0 failed}
     */
    public String line() {
        return "summary: " + messages + " messages, " + toolCalls + " tool calls (" + denied + " denied), "
                + transactions + " transactions, " + failures + " failed";
    }
}
