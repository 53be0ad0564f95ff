package dev.agentry.console;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for an LLM: "tip 0xADDRESS N" becomes a {@code transfer_token} call of N
 * of the token; once a tool answered, it replies with the tool's result; anything else gets a
 * short answer. Reports 120 input and 20 output tokens per call.
 */
final class TipModel implements ChatModel {
    private static final Pattern TIP = Pattern.compile("tip (0x[0-9a-fA-F]{40}) (\\d+(?:\\.\\d+)?)");

    private final String token;

    TipModel(String token) {
        this.token = token;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        AiMessage answer;
        if (last instanceof ToolExecutionResultMessage result) {
            answer = AiMessage.from(result.text().contains("held for a human's approval") ? "I asked my operator to approve that tip."
                    : "Tip result: " + result.text());
        } else {
            String text = last instanceof UserMessage user ? user.singleText() : "";
            Matcher m = TIP.matcher(text);
            answer = m.find() && !request.toolSpecifications().isEmpty()
                    ? AiMessage.from(ToolExecutionRequest.builder().id("t1").name("transfer_token")
                            .arguments("{\"token\":\"" + token + "\",\"to\":\"" + m.group(1) + "\",\"amount\":\"" + m.group(2) + "\"}").build())
                    : AiMessage.from("Thanks for the mention!");
        }
        return ChatResponse.builder().aiMessage(answer).tokenUsage(new TokenUsage(120, 20)).modelName("tip-model")
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP).build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return DefaultChatRequestParameters.builder().modelName("tip-model").build();
    }
}
