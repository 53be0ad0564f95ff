package dev.agentry.core.internal.turn;

import dev.agentry.core.MemoryItem;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds a conversation that outgrew {@link Composer#historyBudget()} into a rolling summary, after
 * the turn has replied: one model call with the turn's own prompt prefix (system prompt, tools with
 * tool choice {@code NONE}, the conversation so far) and an instruction to summarise, so the call
 * reuses the provider's cached prefix. The summary (the previous one included) replaces all but the
 * newest {@value #KEEP_LINES} lines and is remembered as a {@link MemoryItem.Kind#SUMMARY} of the
 * conversation, which is where a restarted agent picks the conversation up. Tool calls in the answer
 * are ignored. When the call fails or returns no text, the oldest lines are dropped instead (memory
 * keeps them) and the failure is logged; the turn's outcome does not change. Thread-safe.
 */
final class Summarizer {
    /** The instruction that ends a summary request. */
    static final String INSTRUCTION = "Summarise the conversation above for your own later reference, starting from the earlier summary "
            + "if there is one: who said what, names, numbers, decisions, promises and open questions. At most 80 words, plain text, "
            + "no preamble.";
    private static final int KEEP_LINES = 2;
    private static final double SUMMARY_IMPORTANCE = 0.5;
    private static final Logger log = LoggerFactory.getLogger(Summarizer.class);

    private final AgentWiring agent;
    private final Composer composer;
    private final Reasoner reasoner;
    private final ConversationWindows windows;

    Summarizer(AgentWiring agent, Composer composer, Reasoner reasoner, ConversationWindows windows) {
        this.agent = agent;
        this.composer = composer;
        this.reasoner = reasoner;
        this.windows = windows;
    }

    /** Folds the turn's conversation if it outgrew its budget. */
    void foldIfDue(Turn turn, List<ToolSpecification> offered) {
        String conversation = turn.event().conversation();
        int budget = composer.historyBudget();
        Optional<ConversationWindows.Fold> due = windows.foldDue(conversation, budget, KEEP_LINES);
        if (due.isEmpty()) {
            return;
        }
        ConversationWindows.Fold fold = due.get();
        String text;
        try {
            AiMessage answer = reasoner.ask(turn, List.of(SystemMessage.from(composer.systemPrompt()),
                    UserMessage.from(fold.transcript() + "\n" + INSTRUCTION)), offered);
            text = answer.text() == null ? "" : answer.text().strip();
        } catch (RuntimeException e) {
            log.warn("agent {}: summary of conversation {} failed, dropping its oldest lines instead: {}", agent.agentId(), conversation,
                    e.getMessage());
            windows.trim(conversation, budget);
            return;
        }
        if (text.isEmpty()) {
            log.warn("agent {}: summary of conversation {} came back empty, dropping its oldest lines instead", agent.agentId(), conversation);
            windows.trim(conversation, budget);
            return;
        }
        Instant at = windows.keptAt(conversation, fold).minusNanos(1);
        MemoryItem summary = new MemoryItem("summary:" + turn.event().id(), agent.agentId(), MemoryItem.Kind.SUMMARY, Optional.of(conversation),
                agent.agentId(), text, SUMMARY_IMPORTANCE, at, Map.of("source", turn.event().source()));
        if (windows.fold(conversation, fold, summary)) {
            agent.memory().remember(summary);
        }
    }
}
