package dev.agentry.tools.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.Effect;
import dev.agentry.core.Event;
import dev.agentry.core.InMemoryMemory;
import dev.agentry.core.Memory;
import dev.agentry.core.MemoryItem;
import dev.agentry.core.RecallQuery;
import dev.agentry.core.SimilarMemory;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.agentry.core.Trust;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The near-duplicate guard over core's Memory.mostSimilar, with a small memory that scores word overlap. */
class NearDuplicateGuardTest {
    private static final String CURVES = "Bonding curves set the price of every token by a formula, not by an order book.";

    private final WordOverlapMemory memory = new WordOverlapMemory();
    private final LocalFeed feed = LocalFeed.builder().clock(TestSupport.CLOCK).build();
    private final SocialTools social = SocialTools.builder().feed(feed).memory(memory).clock(TestSupport.CLOCK).build();

    private NearDuplicateGuard guard(double threshold) {
        return NearDuplicateGuard.builder(social.post()).memory(memory).threshold(threshold).clock(TestSupport.CLOCK).build();
    }

    private final AtomicInteger ticks = new AtomicInteger();

    /** Calls the tool as in a new turn (a new event, so a new idempotency key). */
    private String post(Tool tool, String text) {
        Event tick = Event.of("timer:" + ticks.incrementAndGet(), "timer", "system", "timer", "", Trust.OWNER);
        return tool.execute(ToolArguments.parse("{\"text\":\"" + text + "\"}"), TestContexts.of("agent-1", tick));
    }

    @Test
    void aRepeatInOtherWordsIsRefusedNamingTheEarlierPostAndAFreshPostGoesThrough() {
        NearDuplicateGuard guard = guard(0.8);
        assertThat(post(guard, CURVES)).contains("\"status\":\"posted\"").contains("\"post_id\":\"1\"");

        assertThatThrownBy(() -> post(guard, "Bonding curves set the price of each token by a formula, not by an order book!"))
                .isInstanceOf(ToolException.class)
                .hasMessage("refused: this post repeats one of your recent posts (similarity 0.88 to your post 1 \"" + CURVES
                        + "\"); write about something new");
        assertThat(feed.posts()).extracting(FeedPost::text).containsExactly(CURVES);

        // positive control: a post about something else is published
        assertThat(post(guard, "Gas on an L2 costs cents at night; batch your transfers.")).contains("\"status\":\"posted\"");
        assertThat(feed.posts()).hasSize(2);
        assertThat(memory.asked).allSatisfy(q -> {
            assertThat(q.kinds()).containsExactly(MemoryItem.Kind.POST);
            assertThat(q.since()).isEqualTo(TestSupport.NOW.minus(Duration.ofDays(30)));
        });
    }

    @Test
    void theThresholdDecides() {
        post(guard(0.8), CURVES);
        String close = "Bonding curves set the price of each token by a formula, not by an order book!";
        assertThatThrownBy(() -> post(guard(0.87), close)).isInstanceOf(ToolException.class);
        assertThat(post(guard(0.9), close)).contains("\"status\":\"posted\"");
    }

    @Test
    void postsOutsideTheWindowOfAnotherAgentOrOfAnotherKindDoNotCount() {
        memory.remember(new MemoryItem("old", "agent-1", MemoryItem.Kind.POST, Optional.empty(), "agent-1", CURVES, 0.5,
                TestSupport.NOW.minus(Duration.ofDays(31)), Map.of()));
        memory.remember(new MemoryItem("other", "agent-2", MemoryItem.Kind.POST, Optional.empty(), "agent-2", CURVES, 0.5,
                TestSupport.NOW, Map.of()));
        memory.remember(new MemoryItem("chat", "agent-1", MemoryItem.Kind.MESSAGE, Optional.of("c"), "alice", CURVES, 0.5,
                TestSupport.NOW, Map.of()));
        List<String> sent = new CopyOnWriteArrayList<>();
        Tool recording = new Tool() {
            @Override
            public ToolSpecification specification() {
                return social.post().specification();
            }

            @Override
            public Effect effect() {
                return Effect.POST;
            }

            @Override
            public String execute(ToolArguments arguments, ToolContext context) {
                sent.add(arguments.string("text"));
                return "sent";
            }
        };
        assertThat(post(NearDuplicateGuard.builder(recording).memory(memory).clock(TestSupport.CLOCK).build(), CURVES)).isEqualTo("sent");
        assertThat(sent).containsExactly(CURVES);

        NearDuplicateGuard forty = NearDuplicateGuard.builder(recording).memory(memory).window(Duration.ofDays(40))
                .clock(TestSupport.CLOCK).build();
        assertThatThrownBy(() -> post(forty, CURVES)).isInstanceOf(ToolException.class).hasMessageContaining("similarity 1.00 to your \"");
        assertThat(sent).hasSize(1);
    }

    @Test
    void aMemoryWithoutSimilaritySearchLetsEveryPostThrough() {
        Tool guard = NearDuplicateGuard.builder(social.post()).memory(new InMemoryMemory()).build();
        assertThat(post(guard, CURVES)).contains("\"status\":\"posted\"");
        assertThat(guard.name()).isEqualTo("social_post");
        assertThat(guard.effect()).isEqualTo(social.post().effect());
        assertThat(guard.specification()).isEqualTo(social.post().specification());
    }

    @Test
    void builderFailsFastNamingTheSettingOrValue() {
        assertThatThrownBy(() -> NearDuplicateGuard.builder(social.post()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("memory");
        assertThatThrownBy(() -> NearDuplicateGuard.builder(social.post()).memory(memory).memory(memory))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NearDuplicateGuard.Builder.memory is already set");
        assertThatThrownBy(() -> NearDuplicateGuard.builder(social.post()).threshold(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> NearDuplicateGuard.builder(social.post()).window(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be positive, was PT0S");
    }

    /** What the guard asked the memory. */
    record Asked(String agentId, Set<MemoryItem.Kind> kinds, Instant since) {}

    /** An in-memory store whose similarity is the word overlap (Jaccard) of lower-cased words. */
    static final class WordOverlapMemory implements Memory {
        final InMemoryMemory inner = new InMemoryMemory();
        final List<MemoryItem> items = new CopyOnWriteArrayList<>();
        final List<Asked> asked = new CopyOnWriteArrayList<>();

        @Override
        public List<MemoryItem> recent(String agentId, String conversation, int tokenBudget) {
            return inner.recent(agentId, conversation, tokenBudget);
        }

        @Override
        public List<MemoryItem> recall(RecallQuery query) {
            return inner.recall(query);
        }

        @Override
        public void remember(MemoryItem item) {
            inner.remember(item);
            items.add(item);
        }

        @Override
        public Optional<SimilarMemory> mostSimilar(String agentId, String text, Set<MemoryItem.Kind> kinds, Instant since) {
            asked.add(new Asked(agentId, kinds, since));
            return items.stream()
                    .filter(i -> i.agentId().equals(agentId) && (kinds.isEmpty() || kinds.contains(i.kind())) && !i.createdAt().isBefore(since))
                    .map(i -> new SimilarMemory(i, overlap(words(text), words(i.text()))))
                    .filter(s -> s.similarity() > 0)
                    .max(Comparator.comparingDouble(SimilarMemory::similarity));
        }

        private static Set<String> words(String text) {
            return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
        }

        private static double overlap(Set<String> a, Set<String> b) {
            Set<String> both = new HashSet<>(a);
            both.retainAll(b);
            Set<String> either = new HashSet<>(a);
            either.addAll(b);
            return either.isEmpty() ? 0 : (double) both.size() / either.size();
        }
    }
}
