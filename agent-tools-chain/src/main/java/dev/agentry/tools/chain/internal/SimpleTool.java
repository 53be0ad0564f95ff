package dev.agentry.tools.chain.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;

/**
 * A {@link Tool} that sends no transaction ({@link Effect#READ} or {@link Effect#SIGN}),
 * assembled from a specification and a body. A node failure becomes a {@link ToolException}.
 * Thread-safe if the body is.
 */
final class SimpleTool extends ChainTool {
    /** Executes a call. */
    @FunctionalInterface
    interface Body {
        /**
         * Runs the call.
         *
         * @param args the validated arguments
         * @param context the call's context
         * @return the result text
         * @throws ToolException for a failure the model should see
         * @throws RpcException when the node fails
         */
        String run(ToolArguments args, ToolContext context);
    }

    private final Body body;

    SimpleTool(ToolSpecification spec, Effect effect, Duration timeout, Body body) {
        super(spec, effect, timeout);
        if (effect == Effect.FUNDS) {
            throw new IllegalArgumentException("tool '" + spec.name() + "' moves funds: build it with TxTools");
        }
        this.body = body;
    }

    @Override
    public String execute(ToolArguments arguments, ToolContext context) {
        try {
            return body.run(arguments, context);
        } catch (RpcException e) {
            throw e.toToolException();
        }
    }
}
