package dev.agentry.core.internal;

/** A fast token estimate: about four characters per token for English, with a floor per word. */
public final class Tokens {
    private Tokens() {}

    /** Estimated tokens of a text. */
    public static int estimate(CharSequence text) {
        int length = text.length();
        if (length == 0) {
            return 0;
        }
        int words = 1;
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) == ' ') {
                words++;
            }
        }
        return Math.max((length + 3) / 4, (words * 3 + 3) / 4);
    }
}
