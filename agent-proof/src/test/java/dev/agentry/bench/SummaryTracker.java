package dev.agentry.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The stub's side of rolling summaries: recognises a summary request (its last message ends with
 * the runtime's instruction), answers with an extractive summary of about the requested size (one
 * short clause per message of the transcript, within 80 words, the way a model asked for "at most
 * 80 words" answers), and remembers which script messages each summary covers: those whose text
 * was in the request, plus those covered by an earlier summary the request contained. A message
 * is then "reachable through the summary" when the summary in the final prompt covers it. This says
 * the message went into the summary chain, not that a real model kept every detail of it.
 */
final class SummaryTracker {
    static final String MARKER = "Summarise the conversation above";
    private static final int WORDS = 80;

    private final List<String[]> script;
    private final Map<String, Set<Integer>> covered = new HashMap<>();
    private int requests;

    SummaryTracker(List<String[]> script) {
        this.script = script;
    }

    /** Whether a request asks for a summary. */
    static boolean isSummaryRequest(JsonNode request) {
        JsonNode messages = request.get("messages");
        return StubOpenAi.text(messages.get(messages.size() - 1).get("content")).contains(MARKER);
    }

    /** Answers a summary request and records what the answer covers. */
    synchronized String summarise(JsonNode request) {
        requests++;
        String text = StubOpenAi.text(request.get("messages").get(request.get("messages").size() - 1).get("content"));
        Set<Integer> cover = new HashSet<>();
        for (Map.Entry<String, Set<Integer>> earlier : covered.entrySet()) {
            if (text.contains(earlier.getKey())) {
                cover.addAll(earlier.getValue());
            }
        }
        StringBuilder summary = new StringBuilder("Earlier:");
        int words = 1;
        for (int i = 0; i < script.size(); i++) {
            if (text.contains(script.get(i)[0] + ": " + script.get(i)[1])) {
                cover.add(i);
                String[] said = script.get(i)[1].split("\\s+");
                String clause = " " + script.get(i)[0] + " on " + String.join(" ", java.util.Arrays.copyOf(said, Math.min(3, said.length))) + ";";
                int clauseWords = clause.strip().split("\\s+").length;
                if (words + clauseWords <= WORDS) {
                    summary.append(clause);
                    words += clauseWords;
                }
            }
        }
        String answer = summary.toString();
        covered.put(answer, cover);
        return answer;
    }

    /** Script indexes covered by the summary a request shows, if any. */
    synchronized Set<Integer> coveredBy(String requestText) {
        Set<Integer> out = new HashSet<>();
        for (Map.Entry<String, Set<Integer>> summary : covered.entrySet()) {
            if (requestText.contains(summary.getKey())) {
                out.addAll(summary.getValue());
            }
        }
        return out;
    }

    synchronized int requests() {
        return requests;
    }
}
