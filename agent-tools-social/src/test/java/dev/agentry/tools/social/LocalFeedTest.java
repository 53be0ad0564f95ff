package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.CursorStore;
import dev.agentry.core.Trust;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local feed: in memory, file-backed, console. */
class LocalFeedTest {

    @Test
    void inMemoryFeedReadsOthersPostsAndThreadsReplies() {
        LocalFeed feed = LocalFeed.builder().owners("olivia").build();
        FeedPost hello = feed.append("alice", "hello agent");
        feed.append("olivia", "status?");
        PostResult reply = feed.publish(Draft.reply(hello.id(), "hi alice"));
        feed.appendReply("alice", reply.id(), "thanks");

        FeedBatch batch = feed.read(Optional.empty());
        assertThat(batch.items()).extracting(i -> i.post().text()).containsExactly("hello agent", "status?", "thanks");
        assertThat(batch.endCursor()).contains("4");
        assertThat(feed.toEvent(batch.items().get(1).post()).trust()).isEqualTo(Trust.OWNER);
        assertThat(feed.toEvent(batch.items().get(0).post()).trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(feed.read(Optional.of("3")).items()).extracting(i -> i.post().text()).containsExactly("thanks");

        FeedThread thread = feed.lookup(hello.id());
        assertThat(thread.thread()).extracting(FeedPost::text).containsExactly("hi alice", "thanks");
        assertThatThrownBy(() -> feed.lookup("99")).isInstanceOfSatisfying(FeedException.class, e -> {
            assertThat(e.reason()).isEqualTo(FeedException.Reason.NOT_FOUND);
            assertThat(e.httpStatus()).isEmpty();
        }).hasMessage("local post 99 does not exist");
        assertThatThrownBy(() -> feed.appendReply("bob", "99", "to nothing")).isInstanceOf(FeedException.class);
        assertThat(feed.posts()).hasSize(4);
    }

    @Test
    void fileBackedFeedSurvivesARestartAndSkipsMalformedLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/feed.jsonl");
        LocalFeed first = LocalFeed.builder().file(file).build();
        first.append("alice", "one");
        first.publish(Draft.post("my post"));
        Files.writeString(file, "{not json\n", java.nio.file.StandardOpenOption.APPEND);

        LocalFeed second = LocalFeed.builder().file(file).build();
        assertThat(second.posts()).extracting(FeedPost::text).containsExactly("one", "my post");
        FeedPost three = second.append("bob", "three");
        assertThat(three.id()).isEqualTo("3");
        assertThat(first.read(Optional.of("1")).items()).extracting(i -> i.post().text()).containsExactly("three");

        CursorStore cursors = CursorStore.inMemory();
        var sink = new TestSupport.RecordingSink();
        assertThat(FeedPoller.builder(second).cursors(cursors).build().pollOnce(sink)).isEqualTo(2);
        assertThat(cursors.get("local:mentions:agent")).contains("3");
        assertThat(sink.ids()).containsExactly("local:1", "local:3");
    }

    @Test
    void publishingWithAKnownIdempotencyKeyPostsOnceEvenAfterARestart(@TempDir Path dir) {
        Path file = dir.resolve("feed.jsonl");
        LocalFeed first = LocalFeed.builder().file(file).build();
        var mention = first.append("alice", "hi bot");
        var posted = first.publish(Draft.reply(mention.id(), "hello alice").withIdempotencyKey("reply:bot:local:1"));
        assertThat(posted.alreadyPosted()).isFalse();

        LocalFeed afterCrash = LocalFeed.builder().file(file).build();
        var again = afterCrash.publish(Draft.reply(mention.id(), "hello alice").withIdempotencyKey("reply:bot:local:1"));

        assertThat(again.alreadyPosted()).isTrue();
        assertThat(again.id()).isEqualTo(posted.id());
        assertThat(afterCrash.posts()).hasSize(2);
        LocalFeed memory = LocalFeed.inMemory();
        assertThat(memory.publish(Draft.post("gm").withIdempotencyKey("k")).alreadyPosted()).isFalse();
        assertThat(memory.publish(Draft.post("gm").withIdempotencyKey("k")).alreadyPosted()).isTrue();
        assertThat(memory.posts()).hasSize(1);
    }

    @Test
    void consoleTurnsLinesIntoPostsAndPrintsTheAgentsPosts() throws Exception {
        LocalFeed feed = LocalFeed.inMemory();
        var out = new ByteArrayOutputStream();
        var in = new ByteArrayInputStream("alice: hello\n\nno name here\n>1 bob: re\n".getBytes(StandardCharsets.UTF_8));
        try (var console = LocalFeed.console(feed, in, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (feed.posts().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            feed.publish(Draft.reply("1", "hi alice"));
        }
        assertThat(feed.posts()).extracting(p -> p.author().id() + ":" + p.text())
                .containsExactly("alice:hello", "you:no name here", "bob:re", "agent:hi alice");
        assertThat(feed.posts().get(2).inReplyTo()).contains("1");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("agent (to 1): hi alice");
    }

    @Test
    void aFileThatCannotBeCreatedIsAStorageFailureAndAWritableOneWorks(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        assertThatThrownBy(() -> LocalFeed.builder().file(blocker.resolve("feed.jsonl")).build())
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.reason()).isEqualTo(FeedException.Reason.STORAGE))
                .isInstanceOf(dev.agentry.core.AgentryException.class).hasMessageContaining("cannot create the folder");
        LocalFeed ok = LocalFeed.builder().file(dir.resolve("ok/feed.jsonl")).build();
        assertThat(ok.append("alice", "hi").id()).isEqualTo("1");
    }

    @Test
    void builderTakesEachSettingOnce() {
        assertThatThrownBy(() -> LocalFeed.builder().owners("a").owners("b"))
                .isInstanceOf(IllegalStateException.class).hasMessage("LocalFeed.Builder.owners is already set; each setting may be given once");
        assertThatThrownBy(() -> LocalFeed.builder().owners("a", " ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owners");
        assertThatThrownBy(() -> LocalFeed.builder().name("Bad Name")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> FeedPoller.builder(LocalFeed.inMemory()).interval(java.time.Duration.ofSeconds(1), java.time.Duration.ZERO)
                .interval(java.time.Duration.ofSeconds(2), java.time.Duration.ZERO))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FeedPoller.Builder.interval");
        assertThat(LocalFeed.builder().owners("a").trusted("b").build().toEvent(new FeedPost("local", "1", new FeedAccount("a", "a"), "1", "x",
                Optional.empty(), java.time.Instant.EPOCH, java.util.Map.of())).trust()).isEqualTo(Trust.OWNER);
    }
}
