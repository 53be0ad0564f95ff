package dev.agentry.core.internal.policy;

import dev.agentry.core.Spend;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the policy rules compare and describe keys: asset keys, recipients and windows.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyFormats {
    private PolicyFormats() {}

    /**
     * Normalises an asset key: token addresses ({@code 0x...}) compare in lower case, symbols as
     * written.
     *
     * @param asset the asset key
     * @return the key to compare with
     */
    public static String asset(String asset) {
        return asset.startsWith("0x") ? asset.toLowerCase(Locale.ROOT) : asset;
    }

    /**
     * Normalises a recipient: surrounding blanks dropped, lower case.
     *
     * @param recipient the address or account
     * @return the key to compare with
     */
    public static String recipient(String recipient) {
        return recipient.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Describes a window for messages: {@code "day"}, {@code "2 hours"}, {@code "90 seconds"}.
     *
     * @param window the window
     * @return the words
     */
    public static String human(Duration window) {
        if (window.toDaysPart() > 0 && window.toHoursPart() == 0 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
            return window.toDays() == 1 ? "day" : window.toDays() + " days";
        }
        if (window.toHours() > 0 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
            return window.toHours() == 1 ? "hour" : window.toHours() + " hours";
        }
        if (window.toMinutes() > 0 && window.toSecondsPart() == 0) {
            return window.toMinutes() == 1 ? "minute" : window.toMinutes() + " minutes";
        }
        return window.toSeconds() + " seconds";
    }

    /**
     * Sums a call's spends per normalised asset key, recipients or not (a fee counts like a
     * transfer).
     *
     * @param spends the call's spends
     * @return the sums, in the order the assets first appear
     */
    public static Map<String, BigDecimal> perAsset(List<Spend> spends) {
        Map<String, BigDecimal> sums = new LinkedHashMap<>();
        for (Spend spend : spends) {
            sums.merge(asset(spend.asset()), spend.amount(), BigDecimal::add);
        }
        return sums;
    }
}
