package dev.agentry.core.internal;

import dev.agentry.core.AgentryException;
import dev.agentry.core.Effect;
import dev.agentry.core.Spend;
import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolContext;
import dev.agentry.core.ToolEffect;
import dev.agentry.core.ToolEffect.SpendOf;
import dev.agentry.core.ToolException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a {@code @Tool} method declares it moves ({@link ToolEffect#spends()} or
 * {@link ToolEffect#spendsFrom()}), checked once when the tool is registered and turned into
 * {@link Spend}s for every call. Immutable and thread-safe.
 */
final class AnnotatedSpends {
    private static final Set<Class<?>> EXACT_AMOUNTS = Set.of(String.class, BigDecimal.class, BigInteger.class, int.class, long.class,
            Integer.class, Long.class);
    private static final AnnotatedSpends NONE = new AnnotatedSpends((arguments, context) -> List.of());

    private final BiFunction<ToolArguments, ToolContext, List<Spend>> compute;

    private AnnotatedSpends(BiFunction<ToolArguments, ToolContext, List<Spend>> compute) {
        this.compute = compute;
    }

    /**
     * Reads and checks a method's declaration.
     *
     * @param object the object the method belongs to
     * @param method the {@code @Tool} method
     * @param spec its specification
     * @param declared its {@link ToolEffect}, or {@code null}
     * @param where the method as named in messages
     * @return the declared spends
     * @throws IllegalArgumentException naming the method and what to change
     */
    static AnnotatedSpends of(Object object, Method method, ToolSpecification spec, ToolEffect declared, String where) {
        Effect effect = declared == null ? Effect.POST : declared.value();
        boolean listed = declared != null && declared.spends().length > 0;
        boolean companion = declared != null && !declared.spendsFrom().isBlank();
        if (effect != Effect.FUNDS) {
            if (listed || companion) {
                throw new IllegalArgumentException(where + " is " + effect + " but declares spends; only FUNDS tools move value: "
                        + "mark it @ToolEffect(value = Effect.FUNDS, ...) or remove the spends");
            }
            return NONE;
        }
        if (listed && companion) {
            throw new IllegalArgumentException(where + " declares both spends and spendsFrom in its @ToolEffect; give one of them");
        }
        if (!listed && !companion) {
            throw new IllegalArgumentException(where + " is FUNDS but declares no spends, so the policy could not check its caps before "
                    + "it runs: add spends = @SpendOf(asset = \"ETH\", amount = \"<argument>\", recipient = \"<argument>\") "
                    + "or spendsFrom = \"<method>\" to its @ToolEffect");
        }
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        for (Parameter parameter : method.getParameters()) {
            parameters.put(AnnotatedTools.argumentName(parameter), parameter);
        }
        return listed ? fromArguments(declared.spends(), parameters, where) : fromCompanion(object, declared.spendsFrom(), parameters, spec.name(), where);
    }

    /**
     * Returns what a call with these arguments moves.
     *
     * @param arguments the validated arguments
     * @param context the call's context
     * @return the spends
     * @throws ToolException if an argument does not give a usable amount, asset or recipient
     */
    List<Spend> of(ToolArguments arguments, ToolContext context) {
        return compute.apply(arguments, context);
    }

    private record Movement(Optional<String> asset, Optional<String> assetArgument, Optional<String> amountArgument,
            Optional<BigDecimal> fixedAmount, Optional<String> recipientArgument) {

        Spend read(ToolArguments arguments) {
            String assetKey = asset.orElseGet(() -> arguments.string(assetArgument.orElseThrow()).strip());
            if (assetKey.isEmpty()) {
                throw new ToolException("argument '" + assetArgument.orElseThrow() + "' must not be blank");
            }
            BigDecimal amount = fixedAmount.orElseGet(() -> arguments.decimal(amountArgument.orElseThrow()));
            if (amount.signum() < 0) {
                throw new ToolException("argument '" + amountArgument.orElseThrow() + "' must not be negative, got " + amount.toPlainString());
            }
            return new Spend(assetKey, amount, recipientArgument.map(name -> arguments.string(name).strip()));
        }
    }

    private static AnnotatedSpends fromArguments(SpendOf[] declared, Map<String, Parameter> parameters, String where) {
        List<Movement> movements = new ArrayList<>();
        for (int i = 0; i < declared.length; i++) {
            SpendOf s = declared[i];
            String at = where + ": spends[" + i + "]";
            boolean fixedAsset = firstOfTwo(at, "asset", s.asset(), "assetFrom", s.assetFrom());
            boolean amountArgument = firstOfTwo(at, "amount", s.amount(), "fixedAmount", s.fixedAmount());
            movements.add(new Movement(
                    fixedAsset ? Optional.of(s.asset().strip()) : Optional.empty(),
                    fixedAsset ? Optional.empty() : Optional.of(argument(at, "assetFrom", s.assetFrom(), parameters, false)),
                    amountArgument ? Optional.of(argument(at, "amount", s.amount(), parameters, true)) : Optional.empty(),
                    amountArgument ? Optional.empty() : Optional.of(fixedAmount(at, s.fixedAmount())),
                    s.recipient().isBlank() ? Optional.empty() : Optional.of(argument(at, "recipient", s.recipient(), parameters, false))));
        }
        List<Movement> frozen = List.copyOf(movements);
        return new AnnotatedSpends((arguments, context) -> frozen.stream().map(m -> m.read(arguments)).toList());
    }

    /** Returns whether the first of two exclusive attributes is the one given; fails when both or neither are. */
    private static boolean firstOfTwo(String at, String first, String firstValue, String second, String secondValue) {
        if (firstValue.isBlank() == secondValue.isBlank()) {
            throw new IllegalArgumentException(at + ": give exactly one of " + first + " and " + second);
        }
        return !firstValue.isBlank();
    }

    private static BigDecimal fixedAmount(String at, String text) {
        try {
            BigDecimal amount = new BigDecimal(text.strip());
            if (amount.signum() >= 0) {
                return amount;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(at + ": fixedAmount must be a decimal number of zero or more, like \"1\", got \"" + text + "\"");
    }

    private static String argument(String at, String attribute, String name, Map<String, Parameter> parameters, boolean amount) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException(at + ": " + attribute + " names argument '" + name + "', which the method does not have; its arguments: "
                    + String.join(", ", parameters.keySet()));
        }
        Class<?> type = parameter.getType();
        if (amount && !EXACT_AMOUNTS.contains(type)) {
            throw new IllegalArgumentException(at + ": the amount argument '" + name + "' is a " + type.getSimpleName()
                    + "; amounts must be exact: declare it as String (a decimal string such as \"1.5\") or BigDecimal");
        }
        if (!amount && type != String.class) {
            throw new IllegalArgumentException(at + ": the " + attribute + " argument '" + name + "' must be a String, not a " + type.getSimpleName());
        }
        return name;
    }

    private static AnnotatedSpends fromCompanion(Object object, String name, Map<String, Parameter> parameters, String tool, String where) {
        List<Method> candidates = Arrays.stream(object.getClass().getMethods()).filter(m -> m.getName().equals(name)).toList();
        String at = where + ": spendsFrom \"" + name + "\"";
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(at + (candidates.isEmpty() ? " is not a public method of " : " is overloaded in ")
                    + object.getClass().getSimpleName() + "; it must be one public method returning List<Spend>");
        }
        Method companion = candidates.get(0);
        if (Modifier.isStatic(companion.getModifiers()) || !returnsSpends(companion)) {
            throw new IllegalArgumentException(at + " must be an instance method returning List<Spend>");
        }
        AnnotatedTools.requireNamedParameters(companion, at);
        for (Parameter p : companion.getParameters()) {
            Parameter same = parameters.get(AnnotatedTools.argumentName(p));
            if (same == null || !same.getParameterizedType().equals(p.getParameterizedType())) {
                throw new IllegalArgumentException(at + ": parameter '" + AnnotatedTools.argumentName(p) + "' (" + p.getType().getSimpleName()
                        + ") is not one of the tool's parameters; its parameters: " + String.join(", ", parameters.keySet()));
            }
        }
        DefaultToolExecutor executor = AnnotatedTools.invoker(object, companion);
        return new AnnotatedSpends((arguments, context) -> spendList(AnnotatedTools.call(executor, tool, arguments, context).result(), at));
    }

    private static boolean returnsSpends(Method method) {
        if (!List.class.isAssignableFrom(method.getReturnType())) {
            return false;
        }
        Type type = method.getGenericReturnType();
        return !(type instanceof ParameterizedType p) || p.getActualTypeArguments()[0] == Spend.class;
    }

    private static List<Spend> spendList(Object result, String at) {
        if (!(result instanceof List<?> list) || list.stream().anyMatch(s -> !(s instanceof Spend))) {
            throw new AgentryException(at + " returned " + (result == null ? "null" : "something other than a list of Spend") + "; the call is refused");
        }
        return list.stream().map(Spend.class::cast).toList();
    }
}
