package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.Persona;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** social_post, social_reply, social_lookup over the local feed; the autonomous-post trigger. */
class SocialToolsTest {
    private final LocalFeed feed = LocalFeed.builder().textLimit(TextLimit.x()).build();
    private final InMemoryMemory memory = new InMemoryMemory();
    private final SocialTools tools = SocialTools.builder().feed(feed).memory(memory).build();

    private static ToolContext context(Event event) {
        return TestContexts.of("agent-1", event);
    }

    private static String run(Tool tool, String json, Event event) throws Exception {
        return tool.execute(ToolArguments.parse(json), context(event));
    }

    @Test
    void specificationsAndEffects() {
        assertThat(tools.tools()).extracting(Tool::name).containsExactly("social_post", "social_reply", "social_lookup");
        assertThat(tools.tools()).extracting(Tool::effect).containsExactly(Effect.POST, Effect.POST, Effect.READ);
        assertThat(tools.post().specification().parameters().required()).containsExactly("text");
    }

    @Test
    void postsRemembersAndRefusesNearDuplicates() throws Exception {
        Event tick = Event.of("timer:1", "timer", "system", "timer", "", Trust.OWNER);
        String result = run(tools.post(), "{\"text\":\"GM, builders! Ship something today.\"}", tick);
        assertThat(result).contains("\"status\":\"posted\"").contains("\"post_id\":\"1\"");
        assertThat(feed.posts()).extracting(FeedPost::text).containsExactly("GM, builders! Ship something today.");
        assertThat(memory.recall(new RecallQuery("agent-1", "builders", 5, Set.of(MemoryItem.Kind.POST), Optional.empty(), 0)))
                .extracting(MemoryItem::text).containsExactly("GM, builders! Ship something today.");

        assertThatThrownBy(() -> run(tools.post(), "{\"text\":\"gm builders ship   something today!!\"}", tick))
                .isInstanceOf(ToolException.class).hasMessageContaining("repeats one of your recent posts");

        // a fresh tool set (a restart) still finds the duplicate through memory
        SocialTools restarted = SocialTools.builder().feed(feed).memory(memory).build();
        assertThatThrownBy(() -> run(restarted.post(), "{\"text\":\"GM builders. Ship something today\"}", tick))
                .isInstanceOf(ToolException.class);
        assertThat(feed.posts()).hasSize(1);
    }

    @Test
    void tooLongTextIsAClearErrorWithLengthAndLimit() {
        Event tick = Event.of("timer:1", "timer", "system", "timer", "", Trust.OWNER);
        assertThatThrownBy(() -> run(tools.post(), "{\"text\":\"" + "日".repeat(150) + "\"}", tick))
                .isInstanceOf(ToolException.class)
                .hasMessage("too long for local: text is 300 weighted characters, the limit is 280; shorten it and try again");
        assertThat(feed.posts()).isEmpty();
    }

    @Test
    void repliesToTheCurrentEventsPostByDefaultAndLooksUpThreads() throws Exception {
        FeedPost hello = feed.append("alice", "hello agent");
        Event event = feed.toEvent(hello);
        String result = run(tools.reply(), "{\"text\":\"hi alice\"}", event);
        assertThat(result).contains("\"in_reply_to\":\"1\"");
        assertThat(feed.posts().get(1).inReplyTo()).contains("1");

        String lookup = run(tools.lookup(), "{}", event);
        assertThat(lookup).contains("\"text\":\"hello agent\"").contains("\"text\":\"hi alice\"");

        Event tick = Event.of("timer:1", "timer", "system", "timer", "", Trust.OWNER);
        assertThatThrownBy(() -> run(tools.reply(), "{\"text\":\"x\"}", tick)).hasMessageContaining("post_id");
        assertThatThrownBy(() -> run(tools.reply(), "{\"text\":\"x\",\"feed\":\"nope\",\"post_id\":\"1\"}", tick))
                .hasMessageContaining("unknown feed 'nope'");
        assertThatThrownBy(() -> run(tools.lookup(), "{\"post_id\":\"42\"}", tick)).isInstanceOf(ToolException.class);
    }

    @Test
    void autonomousTriggerDeliversInstructionEventsAtRandomIntervals() throws Exception {
        Persona persona = new Persona("Ada", List.of("a builder"), List.of(), Optional.empty(),
                new Persona.Style(List.of("be brief"), List.of(), List.of("no hashtags")), List.of("rust", "zk proofs"),
                List.of(), List.of(), List.of("shipping beats planning"), List.of(), Map.of());
        var waits = new CopyOnWriteArrayList<Duration>();
        var sink = new TestSupport.RecordingSink();
        int[] refusals = {1};
        sink.refuse = e -> refusals[0]-- > 0;
        AutonomousPostTrigger trigger = AutonomousPostTrigger.builder(feed).persona(persona)
                .interval(Duration.ofMinutes(90), Duration.ofMinutes(180)).retryDelay(Duration.ofSeconds(5))
                .random(new Random(7)).sleeper(d -> {
                    waits.add(d);
                    Thread.sleep(1);
                }).build();
        trigger.start(sink);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sink.events.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        trigger.close();
        assertThat(sink.events.size()).isGreaterThanOrEqualTo(3);
        Event first = sink.events.get(0);
        assertThat(first.source()).isEqualTo("local");
        assertThat(first.author()).isEqualTo("Ada");
        assertThat(first.trust()).isEqualTo(Trust.OWNER);
        assertThat(first.attributes()).containsEntry("agentry.autonomous_post", "true");
        assertThat(first.text()).contains("social_post").contains("shipping beats planning").contains("no hashtags")
                .containsAnyOf("rust", "zk proofs");
        assertThat(waits.get(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(waits).filteredOn(d -> !d.equals(Duration.ofSeconds(5)))
                .allMatch(d -> d.compareTo(Duration.ofMinutes(90)) >= 0 && d.compareTo(Duration.ofMinutes(180)) <= 0);
        assertThat(FeedChannel.of(feed).reply(first, "posted about rust", "k")).isEmpty();
        assertThat(feed.posts()).isEmpty();
    }

    @Test
    void channelRepliesToTheEventsPostAndShortensOverlongReplies() throws Exception {
        FeedPost hello = feed.append("alice", "hello agent");
        FeedChannel channel = FeedChannel.of(feed);
        assertThat(channel.source()).isEqualTo("local");
        String id = channel.reply(feed.toEvent(hello), "word ".repeat(100), "key");
        FeedPost reply = feed.posts().get(1);
        assertThat(reply.id()).isEqualTo(id);
        assertThat(reply.inReplyTo()).contains("1");
        assertThat(TextLimit.x().fits(reply.text())).isTrue();
    }

    @Test
    void builderFailsFast() {
        assertThatThrownBy(() -> SocialTools.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SocialTools.builder().feed(feed).feed(feed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SocialTools.builder().feed(feed).defaultFeed("x").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AutonomousPostTrigger.builder(feed).interval(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
