package dev.agentry.core.runtime;

import static dev.agentry.core.runtime.PipelineFixture.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Channel;
import dev.agentry.core.EffectRecord;
import dev.agentry.core.Event;
import dev.agentry.core.Limits;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.Trust;
import dev.agentry.core.internal.turn.Rememberer;
import dev.agentry.core.internal.turn.Responder;
import dev.agentry.core.internal.turn.Turn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Respond and remember: the last two steps of a turn. */
class ResponderTest {
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private boolean failing;
    private final Channel channel = new Channel() {
        @Override
        public String source() {
            return "local";
        }

        @Override
        public String reply(Event event, String text, String idempotencyKey) {
            if (failing) {
                throw new IllegalStateException("feed is down");
            }
            sent.add(event.id() + "->" + text + " [" + idempotencyKey + "]");
            return "post-" + sent.size();
        }
    };
    private final PipelineFixture fixture = new PipelineFixture(Map.of("local", channel), Limits.defaults());
    private final Responder responder = new Responder(fixture.agent);

    private static Turn turn(Event event) {
        return PipelineFixture.turn(event);
    }

    private static Event event() {
        return Event.of("e1", "local", "alice", "chat-1", "hi", Trust.UNTRUSTED);
    }

    @Test
    void theReplyGoesOutOnceUnderItsOwnJournalKey() {
        responder.reply(turn(event()), "hello");
        responder.reply(turn(event()), "hello again");

        assertThat(sent).containsExactly("e1->hello [reply:" + AGENT + ":e1]");
        assertThat(fixture.journal.effect("reply:" + AGENT + ":e1")).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(EffectRecord.Status.DONE);
            assertThat(r.details()).containsEntry("posted.id", "post-1");
        });
    }

    @Test
    void nothingIsSentForAnEventAnsweredByATool() {
        Turn turn = turn(event());
        turn.markAnswered();

        responder.reply(turn, "hello");

        assertThat(sent).isEmpty();
    }

    @Test
    void nothingIsSentForAnEventThatAsksForNoReplyOrForASourceWithoutAChannel() {
        responder.reply(turn(event().withAttribute(Event.NO_REPLY, "true")), "hello");
        responder.reply(turn(Event.of("e2", "x", "alice", "chat-1", "hi", Trust.UNTRUSTED)), "hello");

        assertThat(sent).isEmpty();
    }

    @Test
    void aFailingChannelFailsTheTurnAndLeavesTheReplyFailedForTheRetry() {
        failing = true;

        assertThatThrownBy(() -> responder.reply(turn(event()), "hello")).hasMessageContaining("reply through channel 'local' failed: feed is down");
        assertThat(fixture.journal.effect("reply:" + AGENT + ":e1")).map(EffectRecord::status).contains(EffectRecord.Status.FAILED);

        failing = false;
        responder.reply(turn(event()), "hello");
        assertThat(sent).hasSize(1);
    }

    @Test
    void anAbandonedTurnSendsNothing() {
        Turn turn = turn(event());
        turn.abandon();

        assertThatThrownBy(() -> responder.reply(turn, "hello")).hasMessageContaining("abandoned");
        assertThat(sent).isEmpty();
    }

    @Test
    void theEventAndTheReplyAreRememberedAsTheConversation() {
        new Rememberer(fixture.agent).remember(turn(event()), Optional.of("hello"));
        new Rememberer(fixture.agent).remember(turn(Event.of("tick", "timer", "clock", "chat-1", "post something", Trust.OWNER)
                .withAttribute(Event.NO_REPLY, "true")), Optional.empty());

        assertThat(fixture.memory.recent(AGENT, "chat-1", 1_000)).extracting(MemoryItem::author, MemoryItem::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "hi"), org.assertj.core.groups.Tuple.tuple(AGENT, "hello"));
    }
}
