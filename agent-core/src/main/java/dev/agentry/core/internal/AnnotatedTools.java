package dev.agentry.core.internal;

import dev.agentry.core.AgentryException;
import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.Tool;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolEffect;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Adapts LangChain4j {@code @Tool} methods to {@link Tool}, checking each method when it is
 * registered: its parameters must have names (compiled with {@code -parameters}, or named with
 * {@code @P(name = ...)}), and its {@link ToolEffect} must declare the spends of a FUNDS tool
 * ({@link AnnotatedSpends}).
 */
public final class AnnotatedTools {
    private AnnotatedTools() {}

    /**
     * Returns the tools of an object, one per {@code @Tool} method.
     *
     * @param object the object
     * @return the tools
     * @throws IllegalArgumentException naming the method if one cannot be offered as declared, or
     *     if the object has no {@code @Tool} methods
     */
    public static List<Tool> from(Object object) {
        Objects.requireNonNull(object, "object");
        List<Tool> tools = new ArrayList<>();
        for (Method method : object.getClass().getDeclaredMethods()) {
            if (!method.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class)) {
                continue;
            }
            String where = "@Tool method " + object.getClass().getSimpleName() + "." + method.getName();
            requireNamedParameters(method, where);
            ToolSpecification spec = ToolSpecifications.toolSpecificationFrom(method);
            ToolEffect declared = method.getAnnotation(ToolEffect.class);
            Effect effect = declared == null ? Effect.POST : declared.value();
            AnnotatedSpends spends = AnnotatedSpends.of(object, method, spec, declared, where);
            tools.add(new MethodTool(spec, effect, invoker(object, method), spends));
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(object.getClass().getName() + " has no @Tool methods");
        }
        return tools;
    }

    /**
     * Returns the name the model sees for a parameter: {@code @P(name = ...)}, else its compiled
     * name.
     *
     * @param parameter the parameter
     * @return the name
     */
    static String argumentName(Parameter parameter) {
        P p = parameter.getAnnotation(P.class);
        return p != null && !p.name().isBlank() ? p.name() : parameter.getName();
    }

    /**
     * Refuses a method whose parameters would reach the model as {@code arg0, arg1...}: compiled
     * without {@code -parameters} and not named with {@code @P(name = ...)}.
     *
     * @param method the method
     * @param where the method as named in messages
     */
    static void requireNamedParameters(Method method, String where) {
        List<String> unnamed = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            P p = parameter.getAnnotation(P.class);
            if (!parameter.isNamePresent() && (p == null || p.name().isBlank())) {
                unnamed.add(parameter.getName());
            }
        }
        if (!unnamed.isEmpty()) {
            throw new IllegalArgumentException(where + ": its parameters have no names (" + String.join(", ", unnamed)
                    + "), so the model would be asked for " + String.join(", ", unnamed) + " instead of the real names. "
                    + "Compile with -parameters (Maven: maven-compiler-plugin <configuration><parameters>true</parameters></configuration>; "
                    + "Gradle: options.compilerArgs << '-parameters'), or name each parameter with @P(name = \"...\")");
        }
    }

    /**
     * Builds LangChain4j's executor for a method: it converts JSON arguments to the method's
     * parameters by name and calls it.
     *
     * @param object the object
     * @param method the method
     * @return the executor
     */
    static DefaultToolExecutor invoker(Object object, Method method) {
        return DefaultToolExecutor.builder()
                .object(object)
                .originalMethod(method)
                .methodToInvoke(method)
                .wrapToolArgumentsExceptions(true)
                .propagateToolExecutionExceptions(true)
                .build();
    }

    /**
     * Calls a method through its executor with a tool call's arguments, turning LangChain4j's
     * wrappers back into the method's own failure.
     *
     * @param executor the executor
     * @param name the tool's name, for messages
     * @param arguments the arguments
     * @param context the call's context
     * @return what the method returned, and its text
     * @throws ToolException for bad arguments or when the method throws one
     */
    static ToolExecutionResult call(DefaultToolExecutor executor, String name, ToolArguments arguments, ToolContext context) {
        ToolExecutionRequest request = ToolExecutionRequest.builder()
                .id(context.idempotencyKey())
                .name(name)
                .arguments(arguments.toString())
                .build();
        try {
            return executor.executeWithContext(request, InvocationContext.builder().chatMemoryId(context.agentId()).build());
        } catch (ToolArgumentsException e) {
            throw new ToolException("bad arguments: " + e.getMessage(), e);
        } catch (ToolExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AgentryException("tool '" + name + "' failed: " + cause.getClass().getSimpleName(), cause);
        }
    }

    private record MethodTool(ToolSpecification specification, Effect effect, DefaultToolExecutor executor, AnnotatedSpends declared)
            implements Tool {
        @Override
        public List<Spend> spends(ToolArguments arguments, ToolContext context) {
            return declared.of(arguments, context);
        }

        @Override
        public String execute(ToolArguments arguments, ToolContext context) {
            return call(executor, specification.name(), arguments, context).resultText();
        }
    }
}
