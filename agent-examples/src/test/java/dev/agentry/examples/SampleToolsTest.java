package dev.agentry.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.EffectRecord;
import dev.agentry.core.InMemoryJournal;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.testkit.PlainPluginContext;
import dev.agentry.testkit.PlainToolContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Java the sample bots add, as plugins the runner finds: the Tipper's address book
 * ({@code recipients}) and the Launchpad's launch history ({@code launch-history}), read from the
 * journal's finished launches.
 */
class SampleToolsTest {
    private static final String ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String BOB = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    @Test
    void theAddressBookAnswersByNameFromTheRecipientsSection() {
        try (PlainPluginContext context = PlainPluginContext.builder()
                .section("recipients", "{\"Alice\": \"" + ALICE + "\", \"bob\": \"${BOB_ADDRESS}\"}")
                .environment(Map.of("BOB_ADDRESS", BOB)).build()) {
            Tool book = new RecipientsPlugin().tools(context).get(0);

            assertThat(book.name()).isEqualTo("recipient_address");
            assertThat(book.execute(ToolArguments.parse("{\"name\":\"@alice\"}"), PlainToolContext.create()))
                    .isEqualTo("{\"name\":\"alice\",\"address\":\"" + ALICE + "\"}");
            assertThat(book.execute(ToolArguments.parse("{\"name\":\"Bob\"}"), PlainToolContext.create())).contains(BOB);
            assertThatThrownBy(() -> book.execute(ToolArguments.parse("{\"name\":\"mallory\"}"), PlainToolContext.create()))
                    .isInstanceOf(ToolException.class).hasMessage("no address is known for 'mallory'; known: [alice, bob]");
        }
    }

    @Test
    void withoutTheSectionTheAddressBookIsNotOffered() {
        try (PlainPluginContext context = PlainPluginContext.builder().build()) {
            assertThat(new RecipientsPlugin().tools(context)).isEmpty();
        }
    }

    private static EffectRecord effect(String key, String tool, EffectRecord.Status status, String result) {
        return new EffectRecord(key, "launchpad", "e-" + key, tool, status, Map.of(), List.of(), Optional.ofNullable(result),
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(key.hashCode() & 0xff));
    }

    private static String launch(String name, String symbol, String curve) {
        return "{\"status\":\"success\",\"txHash\":\"0xabc\",\"curve\":\"" + curve + "\",\"name\":\"" + name + "\",\"symbol\":\"" + symbol + "\"}";
    }

    @Test
    void theLaunchHistoryListsTheFinishedLaunchesOfItsJournalOnly() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.putEffect(effect("a", "launch_curve_token", EffectRecord.Status.DONE, launch("Moon Cat", "MCAT", ALICE)));
        journal.putEffect(effect("b", "launch_curve_token", EffectRecord.Status.DONE, launch("Sun Dog", "SDOG", BOB)));
        journal.putEffect(effect("c", "launch_curve_token", EffectRecord.Status.FAILED, "error: reverted"));
        journal.putEffect(effect("d", "launch_curve_token", EffectRecord.Status.STARTED, null));
        journal.putEffect(effect("e", "transfer_token", EffectRecord.Status.DONE, "{\"status\":\"success\"}"));
        try (PlainPluginContext context = PlainPluginContext.builder().agentId("launchpad").journal(journal).build()) {
            Tool history = new LaunchHistoryPlugin().tools(context).get(0);
            PlainToolContext call = PlainToolContext.builder().agentId("launchpad").build();

            String all = history.execute(ToolArguments.parse("{}"), call);
            String mcat = history.execute(ToolArguments.parse("{\"symbol\":\"$mcat\"}"), call);
            String other = history.execute(ToolArguments.parse("{}"), PlainToolContext.builder().agentId("someone-else").build());

            assertThat(all).startsWith("{\"count\":2,").contains("\"name\":\"Moon Cat\"", "\"name\":\"Sun Dog\"", "\"curve\":\"" + ALICE + "\"")
                    .doesNotContain("reverted");
            assertThat(mcat).startsWith("{\"count\":1,").contains("Moon Cat").doesNotContain("Sun Dog");
            assertThat(other).isEqualTo("{\"count\":0,\"launches\":[]}");
        }
    }
}
