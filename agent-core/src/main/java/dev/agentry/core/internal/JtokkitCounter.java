package dev.agentry.core.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.agentry.core.TokenCounter;

/** Exact token counts with jtokkit's byte-pair encodings. Thread-safe. */
public final class JtokkitCounter implements TokenCounter {
    /** OpenAI's o200k_base encoding (GPT-4o and later). */
    public static final JtokkitCounter O200K = new JtokkitCounter(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));

    private final Encoding encoding;

    private JtokkitCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    @Override
    public int count(CharSequence text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text.toString());
    }
}
