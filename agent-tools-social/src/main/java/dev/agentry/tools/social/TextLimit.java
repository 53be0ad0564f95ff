package dev.agentry.tools.social;

import com.twitter.twittertext.TwitterTextParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How long a post may be on a feed, and how its length is measured there.
 *
 * @param max the largest allowed length, in {@code unit}
 * @param unit how length is counted
 */
public record TextLimit(int max, Unit unit) {

    /** How a feed counts the length of a text. */
    public enum Unit {
        /**
         * X's weighted characters, counted by X's own twitter-text library (v3 configuration):
         * most Latin characters count 1, CJK characters and emoji (keycaps included) count 2, every
         * URL counts 23, scheme-less ones such as {@code bit.ly/abc} too.
         */
        WEIGHTED_CHARACTERS,
        /** UTF-8 bytes (Farcaster's 320-byte casts). */
        UTF8_BYTES,
        /** UTF-16 code units, as Telegram counts its 4096-character messages (and Discord its 2000). */
        CHARACTERS
    }

    /** Checks arguments. */
    public TextLimit {
        if (max <= 0) {
            throw new IllegalArgumentException("TextLimit.max must be positive, was " + max);
        }
        Objects.requireNonNull(unit, "unit");
    }

    /**
     * X's limit: 280 weighted characters.
     *
     * @return the limit
     */
    public static TextLimit x() {
        return new TextLimit(280, Unit.WEIGHTED_CHARACTERS);
    }

    /**
     * Farcaster's limit: 320 UTF-8 bytes.
     *
     * @return the limit
     */
    public static TextLimit farcaster() {
        return new TextLimit(320, Unit.UTF8_BYTES);
    }

    /**
     * Telegram's limit: 4096 characters.
     *
     * @return the limit
     */
    public static TextLimit telegram() {
        return new TextLimit(4096, Unit.CHARACTERS);
    }

    /**
     * Discord's limit: 2000 characters per message.
     *
     * @return the limit
     */
    public static TextLimit discord() {
        return new TextLimit(2000, Unit.CHARACTERS);
    }

    /**
     * Measures a text in this limit's unit.
     *
     * @param text the text
     * @return its length in {@link #unit()}
     */
    public int measure(String text) {
        Objects.requireNonNull(text, "text");
        return switch (unit) {
            case WEIGHTED_CHARACTERS -> TwitterTextParser.parseTweet(text).weightedLength;
            case UTF8_BYTES -> text.getBytes(StandardCharsets.UTF_8).length;
            case CHARACTERS -> text.length();
        };
    }

    /**
     * Returns whether a text fits.
     *
     * @param text the text
     * @return {@code true} if {@link #measure(String)} is at most {@link #max()}
     */
    public boolean fits(String text) {
        return measure(text) <= max;
    }

    /**
     * Describes why a text does not fit, for error messages: the measured length and the limit.
     *
     * @param text the text
     * @return a message such as {@code "text is 312 weighted characters, the limit is 280"}
     */
    public String describeExcess(String text) {
        return "text is " + measure(text) + " " + unitName() + ", the limit is " + max;
    }

    /**
     * Fails, before anything is sent, when a text does not fit.
     *
     * @param feed the feed's name, for the message
     * @param text the text
     * @throws FeedException with {@link FeedException.Reason#INVALID_REQUEST} and the measured length
     */
    void requireFits(String feed, String text) {
        if (!fits(text)) {
            throw new FeedException(feed, FeedException.Reason.INVALID_REQUEST, feed + " post not sent: " + describeExcess(text));
        }
    }

    /**
     * Cuts a text so it fits, ending it with an ellipsis when something was cut.
     *
     * @param text the text
     * @return the text itself when it fits, else its longest prefix (on code point boundaries)
     *     that fits together with a trailing "…"
     */
    public String truncate(String text) {
        if (fits(text)) {
            return text;
        }
        int[] cps = text.codePoints().toArray();
        int lo = 0;
        int hi = cps.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (fits(new String(cps, 0, mid).stripTrailing() + "…")) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return new String(cps, 0, lo).stripTrailing() + "…";
    }

    private String unitName() {
        return switch (unit) {
            case WEIGHTED_CHARACTERS -> "weighted characters";
            case UTF8_BYTES -> "UTF-8 bytes";
            case CHARACTERS -> "characters";
        };
    }
}
