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
    private final List<FollowUp> followUps;
    private final List<Function<Turn, Optional<String>>> answers;
    private final String fallback;
    private final AtomicInteger callIds = new AtomicInteger();

    private DemoModel(List<Rule> rules, List<FollowUp> followUps, List<Function<Turn, Optional<String>>> answers, String fallback) {
        this.rules = List.copyOf(rules);
        this.followUps = List.copyOf(followUps);
        this.answers = List.copyOf(answers);
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
            if (!result.text().startsWith("error:")) {
                for (FollowUp followUp : followUps) {
                    if (followUp.tool().equals(result.toolName())) {
                        Optional<Call> next = followUp.call().apply(result.text());
                        if (next.isPresent() && offered(request, next.get().tool())) {
                            return respond(AiMessage.from(List.of(request(next.get()))));
                        }
                    }
                }
            }
            List<String> results = new ArrayList<>();
            for (int i = messages.size() - 1; i >= 0 && !(messages.get(i) instanceof UserMessage); i--) {
                if (messages.get(i) instanceof ToolExecutionResultMessage r) {
                    results.add(0, r.toolName() + " → " + r.text());
                }
            }
            String summary = String.join("; ", results);
            return respond(AiMessage.from(LABEL + (result.text().startsWith("error:") ? "Sorry, I can't do that: " : "Done: ") + summary));
        }
        String prompt = last instanceof UserMessage user ? user.singleText() : "";
        String said = prompt.contains("): ") ? prompt.substring(prompt.lastIndexOf("): ") + 3) : prompt;
        Turn turn = new Turn(said, prompt);
        for (Rule rule : rules) {
            Optional<Call> call = rule.call().apply(turn);
            if (call.isPresent() && offered(request, call.get().tool())) {
                return respond(AiMessage.from(List.of(request(call.get()))));
            }
            if (call.isPresent()) {
                return respond(AiMessage.from(LABEL + "I would call " + call.get().tool() + ", but that tool is not available for your request."));
            }
        }
        for (Function<Turn, Optional<String>> answer : answers) {
            Optional<String> text = answer.apply(turn);
            if (text.isPresent()) {
                return respond(AiMessage.from(LABEL + text.get()));
            }
        }
        return respond(AiMessage.from(LABEL + fallback));
    }

    private static boolean offered(ChatRequest request, String tool) {
        return request.toolSpecifications() != null && request.toolSpecifications().stream().anyMatch(t -> t.name().equals(tool));
    }

    private ToolExecutionRequest request(Call call) {
        return ToolExecutionRequest.builder().id("demo_" + callIds.incrementAndGet()).name(call.tool()).arguments(call.argumentsJson()).build();
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

    /**
     * What the demo model sees of a turn.
     *
     * @param said the text of the event (after the author and trust prefix)
     * @param prompt the whole last user message, including remembered context
     */
    public record Turn(String said, String prompt) {}

    private record Rule(Function<Turn, Optional<Call>> call) {}

    private record FollowUp(String tool, Function<String, Optional<Call>> call) {}

    /** Builds a {@link DemoModel}. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();
        private final List<FollowUp> followUps = new ArrayList<>();
        private final List<Function<Turn, Optional<String>>> answers = new ArrayList<>();
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
            Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            rules.add(new Rule(turn -> {
                Matcher matcher = pattern.matcher(turn.said());
                return matcher.find() ? Optional.of(call.apply(matcher)) : Optional.empty();
            }));
            return this;
        }

        /**
         * Adds a rule that looks at the whole turn (for example the remembered context) and may
         * call a tool.
         *
         * @param call returns the call to make, or empty to let later rules try
         * @return this builder
         */
        public Builder whenTurn(Function<Turn, Optional<Call>> call) {
            rules.add(new Rule(call));
            return this;
        }

        /**
         * Adds a follow-up: after a successful call of {@code tool}, the model makes another call
         * built from its result (for example, a status check after a launch).
         *
         * @param tool the tool whose result is looked at
         * @param next returns the next call, or empty to answer
         * @return this builder
         */
        public Builder after(String tool, Function<String, Optional<Call>> next) {
            followUps.add(new FollowUp(tool, next));
            return this;
        }

        /**
         * Adds a text answer for turns no tool rule matched.
         *
         * @param answer returns the answer (the label is added), or empty to let later answers try
         * @return this builder
         */
        public Builder answer(Function<Turn, Optional<String>> answer) {
            answers.add(answer);
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
            return new DemoModel(rules, followUps, answers, fallback);
        }
    }
}
