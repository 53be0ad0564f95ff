package dev.agentry.tools.social.internal;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X's weighted length (twitter-text v3 configuration): text is NFC-normalised; code points in the
 * light ranges weigh 1, all others 2; an emoji sequence (with its joiners, variation selectors,
 * skin tones, keycaps, tags and flag pairs) weighs 2 in all; every URL weighs 23.
 */
public final class TwitterText {
    /** Weight units per character (twitter-text's scale). */
    private static final int SCALE = 100;
    private static final int DEFAULT_WEIGHT = 200;
    private static final int URL_LENGTH = 23;
    private static final int[][] LIGHT_RANGES = {
        {0, 4351}, {8192, 8205}, {8208, 8223}, {8242, 8247}
    };
    private static final Pattern URL = Pattern.compile(
            "(?i)\\b(?:https?://[^\\s]+|www\\.[^\\s]+|[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.(?:com|org|net|io|dev|xyz|ai|co|app|gg|me|info)(?:/[^\\s]*)?)");

    private TwitterText() {}

    /**
     * Returns the weighted length of a text in characters (weight / 100).
     *
     * @param text the text
     * @return the weighted length
     */
    public static int weightedLength(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        Matcher m = URL.matcher(normalized);
        long weight = 0;
        int pos = 0;
        while (m.find()) {
            String url = trimTrailingPunctuation(m.group());
            weight += weigh(normalized.substring(pos, m.start()));
            weight += (long) URL_LENGTH * SCALE;
            pos = m.start() + url.length();
        }
        weight += weigh(normalized.substring(pos));
        return (int) (weight / SCALE);
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)\"'".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    private static long weigh(String s) {
        long weight = 0;
        int[] cps = s.codePoints().toArray();
        boolean inEmoji = false;
        boolean pendingFlag = false;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (inEmoji && isEmojiContinuation(cp)) {
                if (cp == 0x200D && i + 1 < cps.length) {
                    i++; // the joined emoji belongs to the same sequence
                }
                continue;
            }
            if (isRegionalIndicator(cp)) {
                if (pendingFlag) {
                    pendingFlag = false;
                    continue;
                }
                pendingFlag = true;
                inEmoji = true;
                weight += DEFAULT_WEIGHT;
                continue;
            }
            pendingFlag = false;
            if (isEmoji(cp)) {
                inEmoji = true;
                weight += DEFAULT_WEIGHT;
                continue;
            }
            inEmoji = isKeycapBase(cp) && i + 1 < cps.length && (cps[i + 1] == 0xFE0F || cps[i + 1] == 0x20E3);
            weight += light(cp) ? SCALE : DEFAULT_WEIGHT;
        }
        return weight;
    }

    private static boolean light(int cp) {
        for (int[] r : LIGHT_RANGES) {
            if (cp >= r[0] && cp <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean isKeycapBase(int cp) {
        return cp == '#' || cp == '*' || (cp >= '0' && cp <= '9');
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isEmoji(int cp) {
        return (cp >= 0x1F300 && cp <= 0x1FAFF)
                || (cp >= 0x2600 && cp <= 0x27BF)
                || (cp >= 0x1F000 && cp <= 0x1F2FF)
                || (cp >= 0x2B00 && cp <= 0x2BFF)
                || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || (cp >= 0x2194 && cp <= 0x21AA) || (cp >= 0x231A && cp <= 0x23FF)
                || (cp >= 0x25AA && cp <= 0x25FE) || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }

    private static boolean isEmojiContinuation(int cp) {
        return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3
                || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }
}
