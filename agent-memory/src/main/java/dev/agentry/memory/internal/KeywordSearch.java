package dev.agentry.memory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Full-text search over one agent's memories, the keyword half of hybrid recall: SQLite FTS5 ranked
 * by BM25, PostgreSQL {@code tsvector} with a GIN index ranked by {@code ts_rank} (English
 * stemming on both). On SQLite the index holds each memory's agent as one token, so a search ranks
 * only that agent's matches. Only the query's rare words count as keywords: words in at most 0.5%
 * of all memories (at least 10), counted with a capped query per word. A word most memories share (a
 * frequent author's name, "market") says little about which memory is meant and would crowd the
 * candidates; a name, a ticker, a code or an unusual word says a lot, and is what embeddings often
 * miss. The rare words are OR-ed: a memory needs one of them. Thread-safe.
 */
final class KeywordSearch {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_TERMS = 24;
    private static final long RARE_MIN = 10;
    private static final long RARE_SHARE = 200;
    private static final Set<String> COMMON = Set.copyOf(java.util.Arrays.asList(("a about above after again against all am an and any are as at be because been before"
            + " being below between both but by can could did do does doing down during each few for from further had has have having he her"
            + " here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once"
            + " only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then"
            + " there these they this those through to too under until up very was we were what when where which while who whom why will with"
            + " would you your yours yourself yourselves s t don doesn didn isn wasn ever also get got still any anything something someone"
            + " tell know let lets like please thing things").split(" ")));

    private final Db db;
    /**
     * Words found too common, not counted again for 10 minutes: memories keep arriving, so a common word stays
     * common; a rare one is counted again after 2 s (at most the cap's worth of rows), since it may not stay rare.
     */
    private final Cache<String, Boolean> common = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofMinutes(10)).build();
    /** Words found rare, trusted for 2 s (a burst of queries counts them once; a word does not turn common that fast). */
    private final Cache<String, Long> rareCounts = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(Duration.ofSeconds(2)).build();

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
     * The agent's memories that contain rare words of the query and pass the search's kind,
     * conversation and time filters, best match first, at most {@code limit}. One read: the words
     * are counted and searched on one connection, in one go.
     */
    List<Match> search(String agentId, String text, VectorIndex.Search filters, int limit) {
        List<String> terms = limit <= 0 ? List.of() : terms(text);
        if (terms.isEmpty()) {
            return List.of();
        }
        return db.read("keyword search for agent " + agentId, c -> {
            List<String> rare = rare(c, terms);
            return rare.isEmpty() ? List.<Match>of() : matches(c, agentId, rare, filters, limit);
        });
    }

    private List<Match> matches(Connection c, String agentId, List<String> terms, VectorIndex.Search filters, int limit) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql;
        if (db.dialect() == Dialect.SQLITE) {
            // bm25 is negative, lower is better; the agent column weighs nothing
            sql = "SELECT m.seq, -bm25(memories_fts, 1.0, 0.0) AS r FROM memories_fts f JOIN memories m ON m.seq = f.rowid"
                    + " WHERE memories_fts MATCH ? AND m.agent_id = ?" + filters(filters, params) + " ORDER BY r DESC LIMIT ?";
            params.addFirst(agentId);
            params.addFirst(agentMatch(agentId, String.join(" OR ", terms.stream().map(t -> "text : \"" + t + "\"").toList())));
        } else {
            sql = "SELECT m.seq, ts_rank(m.text_search, q, 1) AS r FROM memories m, to_tsquery('english', ?) q WHERE m.text_search @@ q"
                    + " AND m.agent_id = ?" + filters(filters, params) + " ORDER BY r DESC LIMIT ?";
            params.addFirst(agentId);
            params.addFirst(String.join(" | ", terms));
        }
        params.add(limit);
        List<Match> raw = Db.list(c, sql, rs -> new Match(rs.getLong(1), rs.getDouble(2)), params.toArray());
        double best = raw.isEmpty() ? 1 : Math.max(raw.get(0).strength(), Double.MIN_NORMAL);
        return raw.stream().map(m -> new Match(m.seq(), Math.max(0, m.strength()) / best)).toList();
    }

    /**
     * The agent's memories' one token in the index: {@code k}, the agent id's UTF-8 bytes in hex, then
     * {@code 0} (the generated column {@code agent_key}); the trailing digit keeps the stemmer off it.
     */
    static String agentToken(String agentId) {
        return "k" + HexFormat.of().withUpperCase().formatHex(agentId.getBytes(StandardCharsets.UTF_8)) + "0";
    }

    /** An FTS5 query: the agent's token and the given expression over the text column. */
    private static String agentMatch(String agentId, String textExpression) {
        return "agent_key : \"" + agentToken(agentId) + "\" AND (" + textExpression + ")";
    }

    /** The terms found in at least one and at most max(10, 0.5%) of all memories (of all agents). */
    private List<String> rare(Connection c, List<String> terms) throws SQLException {
        List<String> rare = new ArrayList<>();
        long cap = -1;
        for (String t : terms) {
            if (common.getIfPresent(t) != null) {
                continue;
            }
            Long known = rareCounts.getIfPresent(t);
            if (known != null) {
                rare.add(t);
                continue;
            }
            if (cap < 0) {
                long memories = Db.list(c, "SELECT COALESCE(MAX(seq), 0) FROM memories", rs -> rs.getLong(1)).get(0);
                cap = Math.max(RARE_MIN, memories / RARE_SHARE);
            }
            long df = Db.list(c, db.dialect() == Dialect.SQLITE
                    ? "SELECT COUNT(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?)"
                    : "SELECT COUNT(*) FROM (SELECT 1 FROM memories WHERE text_search @@ to_tsquery('english', ?) LIMIT ?) x",
                    rs -> rs.getLong(1), db.dialect() == Dialect.SQLITE ? "text : \"" + t + "\"" : t, cap + 1).get(0);
            if (df > cap) {
                common.put(t, Boolean.TRUE);
            } else if (df >= 1) {
                rareCounts.put(t, df);
                rare.add(t);
            }
        }
        return rare;
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
