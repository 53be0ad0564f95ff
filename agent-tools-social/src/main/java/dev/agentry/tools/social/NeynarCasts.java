package dev.agentry.tools.social;

import dev.agentry.tools.social.internal.JsonSupport;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reading Neynar v2 cast objects: posts, their order, and whether a cast addresses an account. */
final class NeynarCasts {
    private NeynarCasts() {}

    /** A cast as a post, or empty when it lacks its hash, author fid or text. */
    static Optional<FeedPost> toPost(JsonNode cast, Instant readAt) {
        Optional<String> hash = JsonSupport.text(cast, "hash");
        Optional<String> authorFid = JsonSupport.text(cast.path("author"), "fid");
        JsonNode text = cast.path("text");
        if (hash.isEmpty() || authorFid.isEmpty() || !text.isString()) {
            return Optional.empty();
        }
        String thread = JsonSupport.text(cast, "thread_hash").orElse(hash.get());
        Optional<String> parent = JsonSupport.text(cast, "parent_hash");
        var attributes = new HashMap<String, String>();
        attributes.put("farcaster.hash", hash.get());
        attributes.put("farcaster.fid", authorFid.get());
        attributes.put("farcaster.thread_hash", thread);
        parent.ifPresent(p -> attributes.put("farcaster.parent_hash", p));
        return Optional.of(new FeedPost("farcaster", hash.get(),
                new FeedAccount(authorFid.get(), JsonSupport.text(cast.path("author"), "username").orElse(authorFid.get())),
                thread, text.asString(), parent,
                JsonSupport.instant(JsonSupport.text(cast, "timestamp")).orElse(readAt), attributes));
    }

    /** Order of casts: timestamp, then hash. */
    record Position(long millis, String hash) implements Comparable<Position> {
        static Optional<Position> parse(String s) {
            int colon = s.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Position(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        @Override
        public int compareTo(Position o) {
            int c = Long.compare(millis, o.millis);
            return c != 0 ? c : hash.compareTo(o.hash);
        }

        @Override
        public String toString() {
            return millis + ":" + hash;
        }
    }


    /** A cast's position (timestamp, hash), or empty when it lacks either. */
    static Optional<Position> position(JsonNode cast) {
        Optional<String> hash = JsonSupport.text(cast, "hash");
        Optional<Instant> at = JsonSupport.instant(JsonSupport.text(cast, "timestamp"));
        return hash.isEmpty() || at.isEmpty() ? Optional.empty() : Optional.of(new Position(at.get().toEpochMilli(), hash.get()));
    }

    /** Whether a cast mentions an account or replies to one of its casts. */
    static boolean addresses(JsonNode cast, String fid) {
        if (fid.equals(JsonSupport.text(cast.path("parent_author"), "fid").orElse(""))) {
            return true;
        }
        for (JsonNode profile : cast.path("mentioned_profiles")) {
            if (fid.equals(JsonSupport.text(profile, "fid").orElse(""))) {
                return true;
            }
        }
        return false;
    }
}
