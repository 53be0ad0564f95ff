package dev.agentry.memory.internal;

import dev.agentry.core.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/** Splits a document by headings and paragraphs into chunks of about a target size, with the previous block repeated as overlap. */
public final class Chunker {
    private static final TokenCounter TOKENS = TokenCounter.standard();
    private final int target;
    private final int overlap;

    /** A chunker for chunks of about {@code target} tokens, overlapping by up to {@code overlap} tokens. */
    public Chunker(int target, int overlap) {
        this.target = target;
        this.overlap = overlap;
    }

    /** The chunks of a text, in order. */
    public List<String> split(String text) {
        List<String> blocks = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            boolean heading = line.startsWith("#");
            if (line.isBlank() || heading) {
                flush(para, blocks);
            }
            if (!line.isBlank()) {
                para.append(para.isEmpty() ? "" : " ").append(line.trim());
            }
            if (heading) {
                flush(para, blocks);
            }
        }
        flush(para, blocks);
        List<String> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int tokens = 0;
        String heading = null;
        boolean fresh = false;
        for (String b : blocks) {
            int t = TOKENS.count(b);
            if (tokens + t > target && fresh) {
                chunks.add(String.join("\n\n", current));
                String last = current.get(current.size() - 1);
                current.clear();
                tokens = 0;
                fresh = false;
                if (heading != null && !b.startsWith("#")) {
                    current.add(heading);
                    tokens += TOKENS.count(heading);
                }
                if (TOKENS.count(last) <= overlap && !last.startsWith("#")) {
                    current.add(last);
                    tokens += TOKENS.count(last);
                }
            }
            if (b.startsWith("#")) {
                heading = b;
            }
            current.add(b);
            tokens += t;
            fresh = fresh || !b.startsWith("#");
        }
        if (fresh) {
            chunks.add(String.join("\n\n", current));
        }
        return chunks;
    }

    private void flush(StringBuilder para, List<String> blocks) {
        if (para.isEmpty()) {
            return;
        }
        String p = para.toString();
        para.setLength(0);
        if (TOKENS.count(p) <= target) {
            blocks.add(p);
            return;
        }
        // a long paragraph: cut at sentence ends, else at words
        // a word's tokens are counted with its leading space, so a piece costs about the sum of its words
        StringBuilder piece = new StringBuilder();
        int pieceTokens = 0;
        for (String sentence : p.split("(?<=[.!?])\\s+")) {
            for (String word : sentence.split(" ")) {
                int t = TOKENS.count(" " + word);
                if (pieceTokens + t > target && !piece.isEmpty()) {
                    blocks.add(piece.toString());
                    piece.setLength(0);
                    pieceTokens = 0;
                }
                piece.append(piece.isEmpty() ? "" : " ").append(word);
                pieceTokens += t;
            }
            if (pieceTokens > target / 2) {
                blocks.add(piece.toString());
                piece.setLength(0);
                pieceTokens = 0;
            }
        }
        if (!piece.isEmpty()) {
            blocks.add(piece.toString());
        }
    }
}
