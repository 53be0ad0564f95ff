package dev.agentry.memory.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How hybrid recall orders its candidates from the blended (vector) score and the keyword match. */
public enum HybridRanking {
    /**
     * Reciprocal-rank fusion: {@code 1 / (60 + vector rank) + 1 / (60 + keyword rank)}, the second
     * term only for keyword matches. Scale-free: needs no calibration between cosine and BM25.
     */
    RRF {
        @Override
        List<Candidate> rank(List<Candidate> candidates) {
            List<Candidate> byScore = sorted(candidates, Comparator.comparingDouble(Candidate::score).reversed());
            List<Candidate> fused = new ArrayList<>(byScore.size());
            for (int r = 0; r < byScore.size(); r++) {
                Candidate c = byScore.get(r);
                double f = 1.0 / (K + r + 1) + (c.wordRank() >= 0 ? 1.0 / (K + c.wordRank() + 1) : 0);
                fused.add(c.withScore(f));
            }
            return sorted(fused, Comparator.comparingDouble(Candidate::score).reversed());
        }
    },
    /** The blended score plus {@code 0.3 x} the keyword match's strength (its BM25 or ts_rank over the best match's). */
    BLEND {
        @Override
        List<Candidate> rank(List<Candidate> candidates) {
            List<Candidate> blended = candidates.stream().map(c -> c.withScore(c.score() + BLEND_WEIGHT * c.wordScore())).toList();
            return sorted(blended, Comparator.comparingDouble(Candidate::score).reversed());
        }
    },
    /** The blended score alone: keyword matches only widen the candidate set. */
    VECTOR {
        @Override
        List<Candidate> rank(List<Candidate> candidates) {
            return sorted(candidates, Comparator.comparingDouble(Candidate::score).reversed());
        }
    };

    /** The ranking recall uses. */
    static final HybridRanking DEFAULT = RRF;
    private static final int K = 60;
    private static final double BLEND_WEIGHT = 0.3;

    /**
     * A recall candidate.
     *
     * @param memory the memory as read for recall
     * @param score its blended score (exact, from its float32 vector), or the fused score once ranked
     * @param relevance its cosine similarity to the query
     * @param wordRank its place in the keyword search's results, -1 when not among them
     * @param wordScore the keyword match's strength in (0, 1] relative to the best match, 0 when not matched
     */
    record Candidate(MemoryTable.Stored memory, double score, double relevance, int wordRank, double wordScore) {
        Candidate withScore(double s) {
            return new Candidate(memory, s, relevance, wordRank, wordScore);
        }
    }

    /** The candidates best first, each with its final score. */
    abstract List<Candidate> rank(List<Candidate> candidates);

    private static List<Candidate> sorted(List<Candidate> candidates, Comparator<Candidate> order) {
        List<Candidate> out = new ArrayList<>(candidates);
        out.sort(order);
        return out;
    }
}
