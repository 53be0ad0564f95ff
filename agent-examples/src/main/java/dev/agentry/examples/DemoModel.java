package dev.agentry.examples;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OFFLINE DEMO MODEL, not a language model: it understands a few fixed command phrasings and
 * turns them into the same tool calls a real model would make, so the whole pipeline (policy,
 * tools, journal, replies) can be seen without an API key. The sample bots use it only when no
 * model is configured, and label every reply it writes with {@link #LABEL}.
 */
public final class DemoModel implements ChatModel {
    /** Prefix of every text this model writes. */
    public static final String LABEL = "[demo model] ";

    private final List<Rule> rules;
    private final String fallback;
    private final AtomicInteger callIds = new AtomicInteger();

    private DemoModel(List<Rule> rules, String fallback) {
        this.rules = List.copyOf(rules);
        this.fallback = fallback;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (last instanceof ToolExecutionResultMessage result) {
            List<String> results = new ArrayList<>();
            for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage r; i--) {
                results.add(0, r.toolName() + " → " + r.text());
            }
            String summary = results.size() == 1 ? results.get(0) : String.join("; ", results);
            return respond(AiMessage.from(LABEL + (result.text().startsWith("error:") ? "That did not work: " : "Done: ") + summary));
        }
        String text = last instanceof UserMessage user ? user.singleText() : "";
        String said = text.contains("): ") ? text.substring(text.lastIndexOf("): ") + 3) : text;
        boolean toolsOffered = request.toolSpecifications() != null && !request.toolSpecifications().isEmpty();
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern().matcher(said);
            if (matcher.find()) {
                Optional<ToolExecutionRequest> call = rule.call().apply(matcher).map(c -> ToolExecutionRequest.builder()
                        .id("demo_" + callIds.incrementAndGet()).name(c.tool()).arguments(c.argumentsJson()).build());
                if (call.isPresent() && toolsOffered) {
                    return respond(AiMessage.from(List.of(call.get())));
                }
                if (call.isPresent()) {
                    return respond(AiMessage.from(LABEL + "I would call " + call.get().name() + ", but that tool is not available to you."));
                }
            }
        }
        return respond(AiMessage.from(LABEL + fallback));
    }

    private static ChatResponse respond(AiMessage message) {
        return ChatResponse.builder().aiMessage(message).tokenUsage(new TokenUsage(0, 0))
                .finishReason(message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP).build();
    }

    /**
     * A tool call the demo model makes.
     *
     * @param tool the tool name
     * @param argumentsJson the arguments as JSON
     */
    public record Call(String tool, String argumentsJson) {}

    private record Rule(Pattern pattern, Function<Matcher, Optional<Call>> call) {}

    /** Builds a {@link DemoModel}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private String fallback = "I am the offline demo model. Set OPENAI_API_KEY (or OPENAI_BASE_URL for a local endpoint) or ANTHROPIC_API_KEY for a real conversation.";

        private Builder() {}

        /**
         * Adds a phrasing: when the user's message matches, the model calls a tool.
         *
         * @param regex a case-insensitive regular expression
         * @param call builds the call from the match
         * @return this builder
         */
        public Builder when(String regex, Function<Matcher, Call> call) {
            rules.add(new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), m -> Optional.of(call.apply(m))));
            return this;
        }

        /**
         * Sets the answer to anything no rule matches.
         *
         * @param text the answer (the label is added)
         * @return this builder
         */
        public Builder otherwise(String text) {
            this.fallback = text;
            return this;
        }

        /**
         * Builds the model.
         *
         * @return the model
         */
        public DemoModel build() {
            return new DemoModel(rules, fallback);
        }
    }
}
