package app;

import dev.agentry.core.AgentRuntime;
import dev.agentry.core.Event;
import dev.agentry.core.ToolCall;
import dev.agentry.core.Trust;
import dev.agentry.core.TurnResult;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Asks the agent on behalf of its owner; the answer goes out as JSON through the application's own Jackson. */
@RestController
class AskController {
    private final AgentRuntime runtime;

    AskController(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    record Question(String text) {}

    record Answer(String outcome, String reply, List<String> tools, List<String> results) {}

    @PostMapping("/ask")
    Answer ask(@RequestBody Question question) throws Exception {
        Event event = Event.of(UUID.randomUUID().toString(), "http", "owner", "web", question.text(), Trust.OWNER);
        TurnResult result = runtime.submit("teller", event).get(60, TimeUnit.SECONDS);
        return new Answer(result.outcome().name(), result.reply().orElse(""),
                result.toolCalls().stream().map(ToolCall::tool).toList(),
                result.toolCalls().stream().map(ToolCall::result).toList());
    }
}
