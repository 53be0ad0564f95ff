package dev.agentry.core.internal.turn;

import dev.agentry.core.TokenCounter;

/** Cuts a text to a token budget at a character boundary, marking the cut. */
final class TokenCut {
    private TokenCut() {}

    /**
     * The text if it fits, else its longest start that fits followed by the marker.
     *
     * @param counter counts tokens
     * @param text the text
     * @param budget most tokens of the text kept
     * @param marker appended to a cut text
     * @return the text, whole or cut
     */
    static String cut(TokenCounter counter, String text, int budget, String marker) {
        int count = counter.count(text);
        if (count <= budget) {
            return text;
        }
        int end = (int) ((long) text.length() * budget / count);
        while (end > 0 && counter.count(text.substring(0, end)) > budget) {
            end = end * 9 / 10;
        }
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + marker;
    }
}
