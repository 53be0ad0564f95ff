package dev.agentry.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.InMemoryJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallIdentitiesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryJournal journal = new InMemoryJournal();

    private CallIdentities identities() {
        return new CallIdentities("tipper", journal, Duration.ofMinutes(5), clock);
    }

    @Test
    void anIdenticalCallWithinTheWindowIsARetryAndAfterItANewCall() {
        CallIdentities ids = identities();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("to", "0xb0b");
        args.put("amount", "0.2");
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("amount", "0.2");
        reordered.put("to", "0xb0b");

        String first = ids.eventId("owner", "transfer", args, Optional.empty());
        clock.advance(Duration.ofMinutes(4));
        assertThat(ids.eventId("owner", "transfer", reordered, Optional.empty())).isEqualTo(first);
        assertThat(ids.eventId("other", "transfer", args, Optional.empty())).isNotEqualTo(first);
        assertThat(ids.eventId("owner", "transfer", Map.of("to", "0xb0b", "amount", "0.3"), Optional.empty())).isNotEqualTo(first);
        clock.advance(Duration.ofMinutes(2));
        assertThat(ids.eventId("owner", "transfer", args, Optional.empty())).isNotEqualTo(first);
    }

    @Test
    void aClientKeyDecidesAndIsScopedToTheCredential() {
        CallIdentities ids = identities();
        String keyed = ids.eventId("owner", "transfer", Map.of("amount", "1"), Optional.of("tip-1"));
        clock.advance(Duration.ofDays(3));
        assertThat(ids.eventId("owner", "transfer", Map.of("amount", "1"), Optional.of("tip-1"))).isEqualTo(keyed);
        assertThat(ids.eventId("owner", "transfer", Map.of("amount", "1"), Optional.of("tip-2"))).isNotEqualTo(keyed);
        assertThat(ids.eventId("stranger", "transfer", Map.of("amount", "1"), Optional.of("tip-1"))).isNotEqualTo(keyed);
    }

    @Test
    void aRetryAfterARestartFindsTheFirstCallInTheJournal() {
        String first = identities().eventId("owner", "transfer", Map.of("amount", "1"), Optional.empty());
        journal.putEffect(new EffectRecord("transfer:k1", "tipper", first, "transfer", EffectRecord.Status.DONE, Map.of(), List.of(),
                Optional.of("sent"), clock.instant()));
        clock.advance(Duration.ofMinutes(1));

        CallIdentities afterRestart = identities();
        assertThat(afterRestart.eventId("owner", "transfer", Map.of("amount", "1"), Optional.empty())).isEqualTo(first);
        clock.advance(Duration.ofMinutes(5));
        assertThat(identities().eventId("owner", "transfer", Map.of("amount", "1"), Optional.empty())).isNotEqualTo(first);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
