package dev.agentry.core.internal.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON parser's complaint into a plain reason for a person editing the file: no parser
 * internals (source descriptions, byte offsets, feature names, character codes), and never the text
 * of an unrecognised token, which could be an unquoted secret.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonSyntax {
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.)' \\(code [^)]*\\)\\)");
    private static final Pattern CLOSE = Pattern.compile("^Unexpected close marker '(.)'");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:Object )?(?:property|field) \"([^\"]*)\"");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern INTERNALS = Pattern.compile("\\s*\\((?:start marker at|for \\w+ starting at) \\[Source:.*?]\\)|\\[Source:.*?]"
            + "|\\s*\\(code [^)]*\\)|`[^`]*`");

    private record Rule(String phrase, String reason) {}

    private static final List<Rule> RULES = List.of(
            new Rule("expected close marker for Object", "the text ends before an object is closed (a '}' is missing)"),
            new Rule("expected close marker for Array", "the text ends before a list is closed (a ']' is missing)"),
            new Rule("closing quote for a string value", "the text ends inside a string (a closing '\"' is missing)"),
            new Rule("Unexpected end-of-input", "the text ends too early"),
            new Rule("Unrecognized token", "a value is not valid JSON (strings need double quotes; true, false and null are lower case)"),
            new Rule("Non-standard token", "a value is not valid JSON (NaN and Infinity are not JSON numbers)"),
            new Rule("Leading zeroes not allowed", "a number must not start with a zero"),
            new Rule("Illegal unquoted character", "a line break or control character inside a string must be escaped (\\n, \\t)"),
            new Rule("Unrecognized character escape", "a backslash in a string starts an unknown escape (write \\\\ for a backslash)"),
            new Rule("Trailing token", "there is more text after the end of the document"));

    private JsonSyntax() {}

    /**
     * Returns a plain reason for a parser message.
     *
     * @param message the parser's original message (without location)
     * @return the reason
     */
    static String reason(String message) {
        String first = message.lines().findFirst().orElse("").strip();
        Matcher close = CLOSE.matcher(first);
        if (close.find()) {
            return "unexpected '" + close.group(1) + "'" + (first.contains("no open") ? " with nothing open to close" : closing(first));
        }
        Matcher duplicate = DUPLICATE.matcher(first);
        if (duplicate.find()) {
            return "the field \"" + duplicate.group(1) + "\" appears twice in one object";
        }
        for (Rule rule : RULES) {
            if (first.contains(rule.phrase())) {
                return rule.reason();
            }
        }
        Matcher character = CHARACTER.matcher(first);
        if (character.find()) {
            String found = character.group(1).equals("'") ? "\"'\"" : "'" + character.group(1) + "'";
            return "unexpected " + found + ": " + expectation(first, character.group(1));
        }
        String plain = QUOTED.matcher(INTERNALS.matcher(first).replaceAll("")).replaceAll("(not shown)").strip();
        return plain.isEmpty() ? "not valid JSON" : Character.toLowerCase(plain.charAt(0)) + plain.substring(1);
    }

    private static String closing(String message) {
        Matcher expected = Pattern.compile("expected '(.)'").matcher(message);
        return expected.find() ? ": expected '" + expected.group(1) + "' first" : "";
    }

    private static String expectation(String message, String found) {
        if (message.contains("double-quote to start property name")) {
            return found.equals("}") ? "a comma cannot come before '}'" : "a field name must be in double quotes";
        }
        if (message.contains("comma to separate Object entries")) {
            return "expected ',' or '}' after a field's value";
        }
        if (message.contains("comma to separate Array entries")) {
            return "expected ',' or ']' after a list item";
        }
        if (message.contains("colon to separate property name and value")) {
            return "expected ':' after a field name";
        }
        if (message.contains("numeric value")) {
            return "a number is not complete";
        }
        if (message.contains("comment")) {
            return "comments are not allowed in JSON";
        }
        if (found.equals("'")) {
            return "strings need double quotes";
        }
        return "expected a value (a string in double quotes, a number, true, false, null, a list or an object)";
    }
}
