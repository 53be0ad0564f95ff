package dev.agentry.core.internal.turn;

import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolCall;
import dev.agentry.core.ToolException;
import dev.agentry.core.internal.Redactor;
import java.util.List;
import java.util.Optional;

/**
 * Validate: the tool exists, the arguments are one JSON object, and they match the tool's schema.
 * A failure goes back to the model as an error it can correct; nothing else has happened yet.
 */
public final class ValidateStage implements ToolStage {
    private final Toolbox tools;

    /** Creates the stage for one agent. */
    public ValidateStage(AgentWiring agent) {
        this.tools = agent.tools();
    }

    @Override
    public ToolCall intercept(ToolInvocation call, Chain next) {
        Optional<Tool> tool = tools.find(call.name());
        if (tool.isEmpty()) {
            return invalid(call, "unknown-tool", "error: unknown tool '" + call.reportedName() + "'; available tools: " + tools.names());
        }
        call.found(tool.get());
        ToolArguments arguments;
        try {
            arguments = ToolArguments.parse(call.rawArguments());
        } catch (ToolException e) {
            return invalid(call, "json", "error: " + e.getMessage() + ". Send the arguments as one JSON object matching the tool's schema.");
        }
        call.parsed(arguments, Redactor.arguments(arguments.json()));
        List<String> violations = tools.schema(tool.get()).violations(arguments.json());
        if (!violations.isEmpty()) {
            return invalid(call, "schema", "error: invalid arguments: " + String.join("; ", violations));
        }
        return next.proceed(call);
    }

    private static ToolCall invalid(ToolInvocation call, String rule, String result) {
        return call.finish(ToolCall.Decision.INVALID, rule, ToolCall.Outcome.INVALID, result);
    }
}
