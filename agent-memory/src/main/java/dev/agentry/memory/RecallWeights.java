package dev.agentry.memory;

/**
 * How recall blends its three signals (the Generative Agents memory-stream score):
 * {@code score = relevance * cosine + recency * decay^hoursSinceCreated + importance * item.importance}.
 *
 * @param relevance weight of the cosine similarity between query and memory (at least 0)
 * @param recency weight of the exponential recency decay (at least 0)
 * @param importance weight of the memory's importance (at least 0)
 * @param decayPerHour recency factor per hour of age, in (0, 1]; 0.995 as in Generative Agents
 */
public record RecallWeights(double relevance, double recency, double importance, double decayPerHour) {

    /** Checks arguments. */
    public RecallWeights {
        check(relevance, "relevance");
        check(recency, "recency");
        check(importance, "importance");
        if (!(decayPerHour > 0 && decayPerHour <= 1)) {
            throw new IllegalArgumentException("RecallWeights.decayPerHour must be within (0, 1], was " + decayPerHour);
        }
    }

    /**
     * Returns the defaults: relevance 1.0, recency 0.15, importance 0.15, decay 0.995 per hour.
     *
     * @return the default weights
     */
    public static RecallWeights defaults() {
        return new RecallWeights(1.0, 0.15, 0.15, 0.995);
    }

    /**
     * Returns weights that rank by cosine similarity only.
     *
     * @return relevance-only weights
     */
    public static RecallWeights relevanceOnly() {
        return new RecallWeights(1.0, 0, 0, 0.995);
    }

    private static void check(double w, String name) {
        if (!(w >= 0 && Double.isFinite(w))) {
            throw new IllegalArgumentException("RecallWeights." + name + " must be finite and not negative, was " + w);
        }
    }
}
