package dev.agentry.memory.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Full-text search over one agent's memories, the keyword half of hybrid recall: SQLite FTS5 ranked
 * by BM25 (rare words weigh more), PostgreSQL {@code tsvector} with a GIN index ranked by
 * {@code ts_rank} (English stemming on both). The query's words, less common English words, are
 * OR-ed, so a memory needs only one of them; the ranking puts memories with more and rarer ones
 * first. Thread-safe.
 */
final class KeywordSearch {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_TERMS = 24;
    private static final Set<String> COMMON = Set.copyOf(java.util.Arrays.asList(("a about above after again against all am an and any are as at be because been before"
            + " being below between both but by can could did do does doing down during each few for from further had has have having he her"
            + " here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once"
            + " only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then"
            + " there these they this those through to too under until up very was we were what when where which while who whom why will with"
            + " would you your yours yourself yourselves s t don doesn didn isn wasn ever also get got still any anything something someone"
            + " tell know let lets like please thing things").split(" ")));

    private final Db db;

    KeywordSearch(Db db) {
        this.db = db;
    }

    /** The words of a query that are worth matching: lower case, common English words left out, at most 24, in order. */
    static List<String> terms(String text) {
        Set<String> out = new LinkedHashSet<>();
        var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find() && out.size() < MAX_TERMS) {
            String w = m.group();
            if (!COMMON.contains(w)) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    /**
     * A memory matching the query's words.
     *
     * @param seq its database sequence number
     * @param strength the match's rank score over the best match's, in (0, 1]
     */
    record Match(long seq, double strength) {}

    /**
     * The agent's memories that contain words of the query and pass the search's kind,
     * conversation and time filters, best match first, at most {@code limit}.
     */
    List<Match> search(String agentId, String text, VectorIndex.Search filters, int limit) {
        List<String> terms = terms(text);
        if (terms.isEmpty() || limit <= 0) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        String sql;
        if (db.dialect() == Dialect.SQLITE) {
            // bm25 is negative, lower is better
            sql = "SELECT m.seq, -bm25(memories_fts) AS r FROM memories_fts f JOIN memories m ON m.seq = f.rowid WHERE memories_fts MATCH ?"
                    + " AND m.agent_id = ?" + filters(filters, params) + " ORDER BY r DESC LIMIT ?";
            params.addFirst(agentId);
            params.addFirst(String.join(" OR ", terms.stream().map(t -> "\"" + t + "\"").toList()));
        } else {
            sql = "SELECT m.seq, ts_rank(m.text_search, q, 1) AS r FROM memories m, to_tsquery('english', ?) q WHERE m.text_search @@ q"
                    + " AND m.agent_id = ?" + filters(filters, params) + " ORDER BY r DESC LIMIT ?";
            params.addFirst(agentId);
            params.addFirst(String.join(" | ", terms));
        }
        params.add(limit);
        List<Match> raw = db.list("keyword search for agent " + agentId, sql, rs -> new Match(rs.getLong(1), rs.getDouble(2)), params.toArray());
        double best = raw.isEmpty() ? 1 : Math.max(raw.get(0).strength(), Double.MIN_NORMAL);
        return raw.stream().map(m -> new Match(m.seq(), Math.max(0, m.strength()) / best)).toList();
    }

    private static String filters(VectorIndex.Search s, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (s.kindMask() != -1) {
            where.append(" AND m.kind IN (").append(s.kindList()).append(")");
        }
        if (s.conversation() != null) {
            where.append(" AND m.conversation = ?");
            params.add(s.conversation());
        }
        if (s.fromNanos() != Long.MIN_VALUE) {
            where.append(" AND m.created_at >= ?");
            params.add(s.fromNanos());
        }
        if (s.toNanos() != Long.MAX_VALUE) {
            where.append(" AND m.created_at <= ?");
            params.add(s.toNanos());
        }
        return where.toString();
    }
}
