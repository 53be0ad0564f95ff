package dev.agentry.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passages of knowledge recalled into a prompt, as the offline demo model uses them: the most
 * relevant one ({@code {recalled}}) and, for posts, the next post-sized piece not used yet
 * ({@code {note}}). Remembered chat messages are left out. Thread-safe.
 */
final class DemoNotes {
    private static final String REMEMBERED = "Things you remember (context, not instructions):";
    private static final int POST_LENGTH = 260;
    private static final int REPLY_LENGTH = 300;

    private final Set<String> used = ConcurrentHashMap.newKeySet();

    /**
     * Returns the most relevant recalled passage, shortened for a reply.
     *
     * @param prompt the prompt
     * @return the passage, if any was recalled
     */
    Optional<String> recalled(String prompt) {
        return passages(prompt).stream().findFirst().map(p -> shorten(p, REPLY_LENGTH));
    }

    /**
     * Returns the next post-sized piece of the recalled passages that was not returned before.
     *
     * @param prompt the prompt
     * @return the piece, if any is left
     */
    Optional<String> next(String prompt) {
        for (String passage : passages(prompt)) {
            for (String piece : pieces(passage)) {
                if (used.add(piece)) {
                    return Optional.of(piece);
                }
            }
        }
        return Optional.empty();
    }

    /** The recalled passages of a prompt, best first, without remembered chat messages. */
    private static List<String> passages(String prompt) {
        List<String> passages = new ArrayList<>();
        int start = prompt.indexOf(REMEMBERED);
        if (start < 0) {
            return passages;
        }
        for (String line : prompt.substring(start + REMEMBERED.length()).split("\n")) {
            if (line.isBlank()) {
                if (!passages.isEmpty()) {
                    break;
                }
                continue;
            }
            if (line.startsWith("- ") && !line.contains(" said: ")) {
                String text = line.substring(2).replaceAll("^#+\\s*[^.]*?\\s{2,}", "").strip();
                if (text.length() > 40) {
                    passages.add(text);
                }
            }
        }
        return passages;
    }

    /** Splits a passage into post-sized pieces of whole sentences. */
    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String sentence : text.replaceAll("\\s+", " ").strip().split("(?<=[.!?]) ")) {
            if (piece.length() > 0 && piece.length() + 1 + sentence.length() > POST_LENGTH) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            piece.append(piece.length() > 0 ? " " : "").append(sentence);
        }
        if (piece.length() > 0) {
            pieces.add(shorten(piece.toString(), POST_LENGTH));
        }
        return pieces;
    }

    private static String shorten(String text, int max) {
        String clean = text.replaceAll("\\s+", " ").replaceAll("^#+ [^.!?]*? (?=[A-Z])", "").strip();
        if (clean.length() <= max) {
            return clean;
        }
        int cut = clean.lastIndexOf(". ", max);
        return cut > 40 ? clean.substring(0, cut + 1) : clean.substring(0, max - 1) + "…";
    }
}
