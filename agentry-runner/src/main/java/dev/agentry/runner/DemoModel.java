package dev.agentry.runner;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OFFLINE DEMO MODEL, not a language model: it understands the fixed phrasings of a bot's
 * {@code demo.json} ({@link DemoScript}) and turns them into the tool calls a real model would
 * make, so the whole pipeline (policy, tools, journal, replies) can be seen without an API key.
 * Every text it writes starts with {@link #LABEL}. A rule's calls are made one per model step; the
 * rule and step travel in the tool call's id. Thread-safe.
 */
final class DemoModel implements ChatModel {
    /** Prefix of every text this model writes. */
    static final String LABEL = "[demo model] ";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+|result\\.[A-Za-z0-9_.]+|note|recalled)}");
    private static final Pattern CALL_ID = Pattern.compile("demo_(\\d+)_(\\d+)_\\d+");

    private final DemoScript script;
    private final DemoNotes notes = new DemoNotes();
    private final AtomicInteger callIds = new AtomicInteger();

    DemoModel(DemoScript script) {
        this.script = script;
    }

    /**
     * Loads a bot's demo model.
     *
     * @param demoJson its {@code demo.json}
     * @return the model
     * @throws dev.agentry.core.ConfigException if the file is wrong
     */
    static DemoModel load(Path demoJson) {
        return new DemoModel(DemoScript.load(demoJson));
    }

    /** What the demo model sees of a turn: what was said, and the whole prompt around it. */
    private record Turn(String said, String prompt, ChatRequest request) {}

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String prompt = "";
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user) {
                prompt = user.singleText();
                break;
            }
        }
        String said = prompt.contains("): ") ? prompt.substring(prompt.lastIndexOf("): ") + 3) : prompt;
        Turn turn = new Turn(said, prompt, request);
        ChatMessage last = messages.get(messages.size() - 1);
        return last instanceof ToolExecutionResultMessage result ? afterResult(turn, result) : firstStep(turn);
    }

    private ChatResponse firstStep(Turn turn) {
        for (DemoScript.Rule rule : script.rules()) {
            Matcher m = rule.when().matcher(turn.said());
            if (!m.find()) {
                continue;
            }
            Optional<ChatResponse> response = rule.calls().isEmpty()
                    ? rule.reply().flatMap(reply -> fill(reply, m, Optional.empty(), turn)).map(text -> say(LABEL + text))
                    : step(rule, 0, m, Optional.empty(), turn);
            if (response.isPresent()) {
                return response.get();
            }
        }
        return say(LABEL + script.otherwise());
    }

    private ChatResponse afterResult(Turn turn, ToolExecutionResultMessage result) {
        Matcher id = CALL_ID.matcher(result.id() == null ? "" : result.id());
        String summary = summary(turn.request().messages());
        if (result.text().startsWith("error:")) {
            return say(LABEL + "Sorry, I can't do that: " + summary);
        }
        if (id.matches()) {
            DemoScript.Rule rule = script.rules().get(Integer.parseInt(id.group(1)));
            int next = Integer.parseInt(id.group(2)) + 1;
            Matcher m = rule.when().matcher(turn.said());
            if (next < rule.calls().size() && m.find()) {
                Optional<ChatResponse> response = step(rule, next, m, Optional.of(result.text()), turn);
                if (response.isPresent()) {
                    return response.get();
                }
            }
        }
        return say(LABEL + "Done: " + summary);
    }

    /** Makes a rule's call number {@code index}, or says the tool is not offered; empty if a value cannot be filled. */
    private Optional<ChatResponse> step(DemoScript.Rule rule, int index, Matcher m, Optional<String> previous, Turn turn) {
        DemoScript.Call call = rule.calls().get(index);
        ObjectNode arguments = call.arguments().deepCopy();
        for (String name : List.copyOf(arguments.propertyNames())) {
            if (arguments.get(name).isString()) {
                Optional<String> value = fill(arguments.get(name).asString(), m, previous, turn);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                arguments.put(name, value.get());
            }
        }
        if (turn.request().toolSpecifications() == null || turn.request().toolSpecifications().stream().noneMatch(t -> t.name().equals(call.tool()))) {
            return Optional.of(say(LABEL + "I would call " + call.tool() + ", but that tool is not available for your request."));
        }
        ToolExecutionRequest request = ToolExecutionRequest.builder().id("demo_" + rule.index() + "_" + index + "_" + callIds.incrementAndGet())
                .name(call.tool()).arguments(JSON.writeValueAsString(arguments)).build();
        return Optional.of(respond(AiMessage.from(List.of(request))));
    }

    /** Fills the placeholders of a text; empty if one has no value. */
    private Optional<String> fill(String template, Matcher m, Optional<String> previous, Turn turn) {
        Matcher p = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (p.find()) {
            Optional<String> value = value(p.group(1), m, previous, turn);
            if (value.isEmpty() || value.get().isBlank()) {
                return Optional.empty();
            }
            p.appendReplacement(out, Matcher.quoteReplacement(value.get().strip()));
        }
        p.appendTail(out);
        return Optional.of(out.toString());
    }

    private Optional<String> value(String name, Matcher m, Optional<String> previous, Turn turn) {
        if (Character.isDigit(name.charAt(0))) {
            int group = Integer.parseInt(name);
            return group <= m.groupCount() ? Optional.ofNullable(m.group(group)) : Optional.empty();
        }
        return switch (name) {
            case "note" -> notes.next(turn.prompt());
            case "recalled" -> notes.recalled(turn.prompt());
            default -> previous.flatMap(text -> {
                try {
                    JsonNode field = JSON.readTree(text);
                    for (String step : name.substring("result.".length()).split("\\.")) {
                        field = step.equals("last") && field.isArray() ? field.path(field.size() - 1)
                                : step.chars().allMatch(Character::isDigit) ? field.path(Integer.parseInt(step)) : field.path(step);
                    }
                    return field.isValueNode() ? Optional.of(field.asString()) : Optional.empty();
                } catch (RuntimeException notJson) {
                    return Optional.empty();
                }
            });
        };
    }

    /** The results of this turn's tool calls: {@code tool → result; ...}. */
    private static String summary(List<ChatMessage> messages) {
        List<String> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && !(messages.get(i) instanceof UserMessage); i--) {
            if (messages.get(i) instanceof ToolExecutionResultMessage r) {
                results.add(0, r.toolName() + " → " + r.text());
            }
        }
        return String.join("; ", results);
    }

    private static ChatResponse say(String text) {
        return respond(AiMessage.from(text));
    }

    private static ChatResponse respond(AiMessage message) {
        return ChatResponse.builder().aiMessage(message).tokenUsage(new TokenUsage(0, 0))
                .finishReason(message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP).build();
    }
}
