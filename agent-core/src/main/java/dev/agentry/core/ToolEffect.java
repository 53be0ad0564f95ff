package dev.agentry.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the {@link Effect} of a LangChain4j {@code @Tool} method and, for {@link Effect#FUNDS},
 * what a call moves, so that the policy can check spend caps, per-recipient caps and recipient
 * allowlists before the method runs. A {@code @Tool} method without it is treated as
 * {@link Effect#POST}.
 *
 * <p>The simple case names the arguments that hold the amount and the recipient:
 *
 * <pre>{@code
 * @Tool("Pays someone from the tip jar")
 * @ToolEffect(value = Effect.FUNDS, spends = @SpendOf(asset = "JAR", amount = "amount", recipient = "to"))
 * public String pay(@P("recipient") String to, @P("amount, a decimal string") String amount) { ... }
 * }</pre>
 *
 * <p>A call whose movement has to be computed (a fee, a conversion, several assets) names a
 * companion method instead, {@code spendsFrom = "paySpends"}: a public method of the same class
 * returning {@code List<Spend>} whose parameters are some of the tool's parameters, by name and
 * type; it is called with the call's arguments before the tool runs and must not have side
 * effects.
 *
 * <p>Checked when the tool is registered ({@link Agent.Builder#toolsFrom(Object)}), failing with
 * an {@link IllegalArgumentException} that names the method: a {@code FUNDS} method must declare
 * {@link #spends()} or {@link #spendsFrom()} (not both); other effects declare neither; every
 * argument named must be a parameter of the method; an amount parameter must be exact (a
 * {@code String}, {@code BigDecimal}, {@code BigInteger}, {@code int} or {@code long}, never a
 * {@code float} or {@code double}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolEffect {
    /**
     * The effect class.
     *
     * @return the effect
     */
    Effect value();

    /**
     * What a call of a {@link Effect#FUNDS} method moves, one entry per movement (the value sent,
     * a fee, control handed over), read from the call's arguments.
     *
     * @return the declared spends; empty for other effects
     */
    SpendOf[] spends() default {};

    /**
     * The name of a public companion method of the same class that computes what a call of a
     * {@link Effect#FUNDS} method moves: it returns {@code List<Spend>} and its parameters are
     * some of the tool's parameters (same names and types).
     *
     * @return the method's name; empty when {@link #spends()} is used
     */
    String spendsFrom() default "";

    /**
     * One movement of value of a {@link Effect#FUNDS} {@code @Tool} call: the asset (fixed, or
     * read from an argument), the amount (read from an argument, or fixed) and the recipient (an
     * argument), as a {@link Spend} is built from them before the call runs. Give exactly one of
     * {@link #asset()} and {@link #assetFrom()}, and exactly one of {@link #amount()} and
     * {@link #fixedAmount()}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface SpendOf {
        /**
         * The asset the policy's caps are keyed by, such as {@code "ETH"} or {@code "launch"}.
         *
         * @return the asset; empty when {@link #assetFrom()} is used
         */
        String asset() default "";

        /**
         * The argument that holds the asset (for example a token address); its value is used as
         * written, without surrounding spaces.
         *
         * @return the argument's name; empty when {@link #asset()} is used
         */
        String assetFrom() default "";

        /**
         * The argument that holds the amount, in token units as an exact decimal ({@code "1.5"}).
         * A negative amount refuses the call.
         *
         * @return the argument's name; empty when {@link #fixedAmount()} is used
         */
        String amount() default "";

        /**
         * A fixed amount per call as a decimal string: {@code "1"} for one launch, {@code "0"} for
         * control handed to the recipient.
         *
         * @return the amount; empty when {@link #amount()} is used
         */
        String fixedAmount() default "";

        /**
         * The argument that holds the recipient of the value (an address or account), checked
         * against recipient allowlists and per-recipient caps.
         *
         * @return the argument's name; empty for a movement without a recipient (a fee)
         */
        String recipient() default "";
    }
}
