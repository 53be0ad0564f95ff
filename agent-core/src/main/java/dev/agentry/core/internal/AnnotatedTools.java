package dev.agentry.core.internal;

import dev.agentry.core.Effect;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolEffect;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Adapts LangChain4j {@code @Tool} methods to {@link Tool}. */
public final class AnnotatedTools {
    private AnnotatedTools() {}

    /** The tools of an object, one per {@code @Tool} method. */
    public static List<Tool> from(Object object) {
        Objects.requireNonNull(object, "object");
        List<Tool> tools = new ArrayList<>();
        for (Method method : object.getClass().getDeclaredMethods()) {
            if (!method.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class)) {
                continue;
            }
            ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(method);
            ToolEffect declared = method.getAnnotation(ToolEffect.class);
            Effect effect = declared == null ? Effect.POST : declared.value();
            if (effect == Effect.FUNDS) {
                throw new IllegalArgumentException("@Tool method " + object.getClass().getSimpleName() + "." + method.getName()
                        + " is marked FUNDS, but money tools must implement dev.agentry.core.Tool to declare their spends");
            }
            DefaultToolExecutor executor = DefaultToolExecutor.builder()
                    .object(object)
                    .originalMethod(method)
                    .methodToInvoke(method)
                    .wrapToolArgumentsExceptions(true)
                    .propagateToolExecutionExceptions(true)
                    .build();
            tools.add(new MethodTool(spec, effect, executor));
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(object.getClass().getName() + " has no @Tool methods");
        }
        return tools;
    }

    private record MethodTool(ToolSpecification specification, Effect effect, DefaultToolExecutor executor) implements Tool {
        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            ToolExecutionRequest request = ToolExecutionRequest.builder()
                    .id(context.idempotencyKey())
                    .name(specification.name())
                    .arguments(arguments.toString())
                    .build();
            try {
                return executor.executeWithContext(request, InvocationContext.builder().chatMemoryId(context.agentId()).build()).resultText();
            } catch (ToolArgumentsException e) {
                throw new dev.agentry.core.ToolException("bad arguments: " + e.getMessage(), e);
            } catch (ToolExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new dev.agentry.core.AgentryException("tool '" + specification.name() + "' failed: " + cause.getClass().getSimpleName(), cause);
            }
        }
    }
}
