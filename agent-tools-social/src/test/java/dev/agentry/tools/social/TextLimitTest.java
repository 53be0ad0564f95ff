package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text limits: X weighting, Farcaster bytes, Telegram characters. */
class TextLimitTest {

    @Test
    void xWeightsLatinAsOneCjkAndEmojiAsTwoUrlsAs23() {
        TextLimit x = TextLimit.x();
        assertThat(x.measure("hello")).isEqualTo(5);
        assertThat(x.measure("café")).isEqualTo(4);
        assertThat(x.measure("日本語")).isEqualTo(6);
        assertThat(x.measure("😀")).isEqualTo(2);
        assertThat(x.measure("👍🏽")).isEqualTo(2);
        assertThat(x.measure("👨‍👩‍👧")).isEqualTo(2);
        assertThat(x.measure("🇫🇷")).isEqualTo(2);
        assertThat(x.measure("see https://example.com/a/very/long/path?with=query")).isEqualTo(4 + 23);
        assertThat(x.measure("a".repeat(280))).isEqualTo(280);
        assertThat(x.fits("a".repeat(280))).isTrue();
        assertThat(x.fits("日".repeat(141))).isFalse();
        assertThat(x.describeExcess("日".repeat(141))).isEqualTo("text is 282 weighted characters, the limit is 280");
    }

    @Test
    void xCountsSchemeLessLinksAndKeycapsAsXDoes() {
        // finding 4 of issue 15: counted by X's own twitter-text, as X counts them
        TextLimit x = TextLimit.x();
        assertThat(x.measure("bit.ly/abc")).isEqualTo(23);
        assertThat(x.measure("see bit.ly/abc")).isEqualTo(4 + 23);
        assertThat(x.measure("1\uFE0F\u20E3")).as("keycap one").isEqualTo(2);
        assertThat(x.measure("#\uFE0F\u20E3")).as("keycap number sign").isEqualTo(2);
        String nearTheLimit = "a".repeat(257) + " bit.ly/abc";
        assertThat(x.measure(nearTheLimit)).isEqualTo(281);
        assertThat(x.fits(nearTheLimit)).isFalse();
        // positive control: the same text with a shorter prefix fits
        assertThat(x.fits("a".repeat(256) + " bit.ly/abc")).isTrue();
        assertThat(x.measure("plain words")).isEqualTo(11);
    }

    @Test
    void farcasterCountsUtf8BytesAndTelegramCharacters() {
        assertThat(TextLimit.farcaster().measure("é")).isEqualTo(2);
        assertThat(TextLimit.farcaster().fits("é".repeat(160))).isTrue();
        assertThat(TextLimit.farcaster().fits("é".repeat(161))).isFalse();
        assertThat(TextLimit.telegram().fits("a".repeat(4096))).isTrue();
        assertThat(TextLimit.telegram().fits("a".repeat(4097))).isFalse();
    }

    @Test
    void truncatesToFit() {
        String cut = TextLimit.x().truncate("word ".repeat(100));
        assertThat(TextLimit.x().fits(cut)).isTrue();
        assertThat(cut).endsWith("…");
        assertThat(TextLimit.x().truncate("short")).isEqualTo("short");
    }
}
