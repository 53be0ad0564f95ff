package dev.agentry.memory.internal;

import dev.agentry.core.internal.Tokens;
import java.util.ArrayList;
import java.util.List;

/** Splits a document by headings and paragraphs into chunks of about a target size, with the previous block repeated as overlap. */
public final class Chunker {
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
            int t = Tokens.estimate(b);
            if (tokens + t > target && fresh) {
                chunks.add(String.join("\n\n", current));
                String last = current.get(current.size() - 1);
                current.clear();
                tokens = 0;
                fresh = false;
                if (heading != null && !b.startsWith("#")) {
                    current.add(heading);
                    tokens += Tokens.estimate(heading);
                }
                if (Tokens.estimate(last) <= overlap && !last.startsWith("#")) {
                    current.add(last);
                    tokens += Tokens.estimate(last);
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
        if (Tokens.estimate(p) <= target) {
            blocks.add(p);
            return;
        }
        // a long paragraph: cut at sentence ends, else at words
        StringBuilder piece = new StringBuilder();
        for (String sentence : p.split("(?<=[.!?])\\s+")) {
            for (String word : sentence.split(" ")) {
                if (Tokens.estimate(piece + " " + word) > target && !piece.isEmpty()) {
                    blocks.add(piece.toString());
                    piece.setLength(0);
                }
                piece.append(piece.isEmpty() ? "" : " ").append(word);
            }
            if (Tokens.estimate(piece) > target / 2) {
                blocks.add(piece.toString());
                piece.setLength(0);
            }
        }
        if (!piece.isEmpty()) {
            blocks.add(piece.toString());
        }
    }
}
