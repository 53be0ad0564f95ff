package dev.agentry.core.internal;

import dev.agentry.core.TokenCounter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact token counts with a tiktoken byte-pair encoding, in compact tables: every token's bytes in
 * one array and an open-addressing index of ints, about 4 MB of heap for o200k_base. jtokkit's
 * tables for the same ranks (a map entry, a boxed rank and a wrapper per token, in both directions)
 * held 32 MB of every process's heap for as long as it ran, measured with a class histogram of the
 * runner: the largest part of its resident memory after start-up. Counting only: no token ids are
 * produced. The ranks are the file jtokkit ships; the pre-tokenizing pattern is tiktoken's, as
 * jtokkit writes it for Java. Thread-safe: the tables never change after loading.
 */
public final class BytePairCounter implements TokenCounter {
    /** OpenAI's o200k_base encoding (GPT-4o and later). */
    public static final BytePairCounter O200K = load("/com/knuddels/jtokkit/o200k_base.tiktoken", Pattern.compile(String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}", " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*", "\\s*[\\r\\n]+", "\\s+(?!\\S)", "\\s+"), Pattern.UNICODE_CHARACTER_CLASS));

    private static final int NONE = Integer.MAX_VALUE;

    private final Pattern pieces;
    /** The bytes of every token, token after token in rank order. */
    private final byte[] tokenBytes;
    /** Where token r starts in {@link #tokenBytes}; entry r + 1 is where it ends. */
    private final int[] starts;
    /** Open addressing: rank + 1 of the token whose bytes hash here, 0 where empty. */
    private final int[] slots;

    private BytePairCounter(Pattern pieces, byte[] tokenBytes, int[] starts, int[] slots) {
        this.pieces = pieces;
        this.tokenBytes = tokenBytes;
        this.starts = starts;
        this.slots = slots;
    }

    @Override
    public int count(CharSequence text) {
        if (text.isEmpty()) {
            return 0;
        }
        int count = 0;
        int[] scratch = new int[64];
        for (Matcher m = pieces.matcher(text); m.find();) {
            byte[] piece = text.subSequence(m.start(), m.end()).toString().getBytes(StandardCharsets.UTF_8);
            if (piece.length == 1 || rank(piece, 0, piece.length) != NONE) {
                count++;
            } else {
                if (scratch.length < 2 * (piece.length + 1)) {
                    scratch = new int[2 * (piece.length + 1)];
                }
                count += mergedCount(piece, scratch);
            }
        }
        return count;
    }

    /**
     * tiktoken's merge: while some pair of adjacent parts is a token, join the pair of the lowest
     * rank (the leftmost of equals). Returns the number of parts left.
     */
    private int mergedCount(byte[] piece, int[] scratch) {
        int parts = piece.length;
        // boundaries[i] is where part i starts; ranks[i] the rank of parts i and i + 1 joined
        int[] boundaries = scratch;
        int ranksAt = piece.length + 1;
        for (int i = 0; i <= piece.length; i++) {
            boundaries[i] = i;
        }
        for (int i = 0; i < parts - 1; i++) {
            scratch[ranksAt + i] = rank(piece, i, i + 2);
        }
        while (parts > 1) {
            int best = -1;
            int bestRank = NONE;
            for (int i = 0; i < parts - 1; i++) {
                int r = scratch[ranksAt + i];
                if (r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            System.arraycopy(boundaries, best + 2, boundaries, best + 1, parts - best - 1);
            System.arraycopy(scratch, ranksAt + best + 1, scratch, ranksAt + best, parts - best - 2);
            parts--;
            if (best < parts - 1) {
                scratch[ranksAt + best] = rank(piece, boundaries[best], boundaries[best + 2]);
            }
            if (best > 0) {
                scratch[ranksAt + best - 1] = rank(piece, boundaries[best - 1], boundaries[best + 1]);
            }
        }
        return parts;
    }

    /** The rank of the token whose bytes are {@code bytes[from, to)}, or {@link #NONE}. */
    private int rank(byte[] bytes, int from, int to) {
        int mask = slots.length - 1;
        for (int slot = hash(bytes, from, to) & mask;; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return NONE;
            }
            int r = entry - 1;
            if (Arrays.equals(tokenBytes, starts[r], starts[r + 1], bytes, from, to)) {
                return r;
            }
        }
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** Reads a tiktoken rank file (a base64 token and its rank per line, ranks 0, 1, 2, … in order). */
    static BytePairCounter load(String resource, Pattern pieces) {
        try (InputStream in = BytePairCounter.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the token ranks " + resource + " are not on the class path (they come with com.knuddels:jtokkit)");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            Base64.Decoder base64 = Base64.getDecoder();
            byte[] bytes = new byte[1 << 21];
            int[] starts = new int[1 << 18];
            int tokens = 0;
            int used = 0;
            for (String line; (line = lines.readLine()) != null;) {
                int space = line.indexOf(' ');
                if (space < 0 || Integer.parseInt(line, space + 1, line.length(), 10) != tokens) {
                    throw new IllegalStateException(resource + " line " + (tokens + 1) + ": expected a token and the rank " + tokens);
                }
                byte[] token = base64.decode(line.substring(0, space));
                if (used + token.length > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + token.length));
                }
                if (tokens + 2 > starts.length) {
                    starts = Arrays.copyOf(starts, starts.length * 2);
                }
                starts[tokens] = used;
                System.arraycopy(token, 0, bytes, used, token.length);
                used += token.length;
                tokens++;
            }
            starts[tokens] = used;
            int[] slots = new int[Integer.highestOneBit(tokens) << 2];
            for (int r = 0; r < tokens; r++) {
                int slot = hash(bytes, starts[r], starts[r + 1]) & (slots.length - 1);
                while (slots[slot] != 0) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = r + 1;
            }
            return new BytePairCounter(pieces, Arrays.copyOf(bytes, used), Arrays.copyOf(starts, tokens + 1), slots);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the token ranks " + resource, e);
        }
    }
}
