package dev.agentry.runner;

import dev.agentry.core.ConfigException;
import dev.agentry.core.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bot's {@code demo.json}: the phrasings the offline demo model understands, as rules tried in
 * order against what the user said. A rule either makes tool calls, one after the other, or
 * replies:
 *
 * <pre>{@code
 * {"rules": [
 *    {"when": "\\btip\\s+@?(\\w+)\\s+(\\d+)", "calls": [
 *        {"tool": "recipient_address", "arguments": {"name": "{1}"}},
 *        {"tool": "transfer_token", "arguments": {"token": "TIP", "to": "{result.address}", "amount": "{2}"}}]},
 *    {"when": "\\S", "reply": "From my notes: {recalled}"}],
 *  "otherwise": "Say \"tip @alice 5\"."}
 * }</pre>
 *
 * <p>{@code when} is a case-insensitive regular expression; in argument values and replies,
 * {@code {1}}, {@code {2}}... are its groups, {@code {result.FIELD}} a field of the previous call's
 * JSON result ({@code {result.launches.last.curve}} walks into objects and arrays: an index, or
 * {@code last} for an array's last element), {@code {note}} the next passage recalled into the
 * prompt that was not used yet and {@code {recalled}} the most relevant one. A rule whose values cannot be filled is skipped.
 *
 * @param rules the rules, in order
 * @param otherwise the reply when no rule applies
 */
record DemoScript(List<Rule> rules, String otherwise) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One rule.
     *
     * @param index its position, which identifies it in tool call ids
     * @param when the pattern
     * @param calls the calls to make, in order; empty for a reply
     * @param reply the reply, when there are no calls
     */
    record Rule(int index, Pattern when, List<Call> calls, Optional<String> reply) {}

    /**
     * One tool call of a rule.
     *
     * @param tool the tool's name
     * @param arguments the arguments, with placeholders in string values
     */
    record Call(String tool, ObjectNode arguments) {}

    /**
     * Reads a {@code demo.json}.
     *
     * @param file the file
     * @return the script
     * @throws ConfigException naming the file, the JSON path and what is wrong
     */
    static DemoScript load(Path file) {
        String shown = BotFolder.shown(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(shown + ": cannot be read: " + e.getClass().getSimpleName());
        }
        ConfigSection root = ConfigSection.parse(shown, text, Map.of()).requireOnly(List.of("about", "rules", "otherwise"));
        List<Rule> rules = new ArrayList<>();
        List<ConfigSection> sections = root.sections("rules");
        for (int i = 0; i < sections.size(); i++) {
            rules.add(rule(i, sections.get(i)));
        }
        return new DemoScript(List.copyOf(rules), root.string("otherwise", "I am the offline demo model and did not understand that."));
    }

    private static Rule rule(int index, ConfigSection s) {
        s.requireOnly(List.of("when", "calls", "reply"));
        Pattern when;
        try {
            when = Pattern.compile(s.string("when"), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw s.error("when", "is not a valid regular expression: " + e.getDescription());
        }
        List<Call> calls = new ArrayList<>();
        for (ConfigSection call : s.sections("calls")) {
            call.requireOnly(List.of("tool", "arguments"));
            String arguments = call.section("arguments").map(ConfigSection::json).orElse("{}");
            calls.add(new Call(call.string("tool"), (ObjectNode) JSON.readTree(arguments)));
        }
        Optional<String> reply = s.optionalString("reply");
        if (calls.isEmpty() == reply.isEmpty()) {
            throw s.error("calls", "a rule needs either \"calls\" or \"reply\", not " + (calls.isEmpty() ? "neither" : "both"));
        }
        return new Rule(index, when, List.copyOf(calls), reply);
    }
}
