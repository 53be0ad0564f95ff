package dev.agentry.core.internal.turn;

import dev.agentry.core.internal.Redactor;

/** How results and failures are worded for the model, the journal and the logs. */
public final class ResultText {
    private static final int MAX_RESULT_CHARS = 4_000;
    private static final int MAX_DESCRIPTION_CHARS = 500;

    private ResultText() {}

    /** A result as shown to the model and journalled: cut at 4,000 characters. */
    static String shown(String text) {
        return text.length() <= MAX_RESULT_CHARS ? text : text.substring(0, MAX_RESULT_CHARS) + "…[truncated]";
    }

    /** A tool's own error message, prefixed with {@code error:} once. */
    static String error(String message) {
        String text = message == null ? "failed" : message.strip();
        return text.regionMatches(true, 0, "error:", 0, 6) ? text : "error: " + text;
    }

    /** A failure for logs and turn results: its message (or class), key-shaped values masked, cut at 500 characters. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        message = Redactor.hexKeys(message);
        return message.length() > MAX_DESCRIPTION_CHARS ? message.substring(0, MAX_DESCRIPTION_CHARS) + "…" : message;
    }
}
