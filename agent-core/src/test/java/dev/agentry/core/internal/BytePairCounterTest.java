package dev.agentry.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentry.core.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact counter gives jtokkit's o200k_base counts, text by text. */
class BytePairCounterTest {
    private static final Encoding JTOKKIT = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    @Test
    void countsLikeJtokkitOnWrittenText() {
        List<String> texts = List.of("", "a", " ", "Hello, world!", "I'm sure they'll say we've DONE it, haven't WE'LL?",
                "Send 0.05 ETH to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 by 12:30 UTC, 2026-11-30.",
                "  leading and trailing spaces  \n\n\r\n\tand tabs\t\t",
                "naïve café — “quoted” ‘text’ … déjà vu; Zürich; İstanbul; ΑΒΓ αβγ; Привет, мир!",
                "日本語のテキストと中文文本，还有한국어 텍스트。", "emoji 🚀🔥👍🏽 and flags 🇩🇪🇫🇷 and ZWJ 👩‍👩‍👧",
                "{\"to\":\"0xabc\",\"amount\":\"1000000000000000000\",\"memo\":null}", "https://example.com/a/b?c=d&e=f#g",
                "1234567890 12 345 6789 3.14159 -42 1e10", "=".repeat(700), "ab".repeat(400), "a\u0301e\u0301 combining marks",
                "CamelCaseWordsLikeThis and snake_case_words and kebab-case-words", "\u0000\u0001 control \u007f bytes",
                "```java\nfor (int i = 0; i < n; i++) {\n    sum += i;\n}\n```\n", "x".repeat(5000));
        for (String text : texts) {
            assertEquals(JTOKKIT.countTokensOrdinary(text), TokenCounter.standard().count(text), () -> "text: " + text);
        }
    }

    @Test
    void countsLikeJtokkitOnRandomText() {
        Random random = new Random(20261130);
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x370, 0x3ff}, {0x400, 0x4ff}, {0x4e00, 0x4fff}, {0x3040, 0x30ff}, {0xac00, 0xacff},
                {0x1f300, 0x1f6ff}, {0x300, 0x36f}, {0x9, 0xd}, {0x660, 0x669}};
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(n % 10 == 0 ? 600 : 60);
            int[] range = ranges[random.nextInt(ranges.length)];
            for (int i = 0; i < length; i++) {
                if (random.nextInt(8) == 0) {
                    range = ranges[random.nextInt(ranges.length)];
                }
                text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
            }
            texts.add(text.toString());
        }
        int total = 0;
        for (String text : texts) {
            int expected = JTOKKIT.countTokensOrdinary(text);
            assertEquals(expected, TokenCounter.standard().count(text), () -> "text: " + text.codePoints().mapToObj(Integer::toHexString).toList());
            total += expected;
        }
        assertEquals(true, total > 20_000, "the random texts are not trivial: " + total + " tokens");
    }

    @Test
    void unpairedSurrogatesCountAsJtokkitDoes() {
        String text = "a\ud800b\udc00c";
        assertEquals(JTOKKIT.countTokensOrdinary(text), TokenCounter.standard().count(text));
    }
}
