package dev.agentry.core;

import java.util.List;

/**
 * One rule of a {@link StandardPolicy}: a single check on tool calls, such as a spend cap or a
 * trust gate. {@link StandardPolicy} composes its built-in rules with the ones added through
 * {@link StandardPolicy.Builder#rule(PolicyRule)}, asks every rule about every call and reports
 * which rule decided ({@link PolicyDecision#rule()} is the deciding rule's {@link #name()}).
 *
 * <p>A call goes ahead only when no rule denies it. A rule that holds a call for approval does not
 * stop the others: a later denial still wins. When every rule has agreed, each rule's
 * {@link #admitted} is called, so rules that count something (calls, spends) reserve it only for
 * calls that really go ahead; {@link #completed} later tells what the call counted in the end.
 *
 * <p>Example: a rule that refuses tool calls at night.
 *
 * <pre>{@code
 * PolicyRule quietHours = new PolicyRule() {
 *     public String name() { return "quiet-hours"; }
 *     public PolicyDecision check(PolicyRequest request) {
 *         int hour = request.at().atZone(ZoneOffset.UTC).getHour();
 *         return hour < 6 && request.effect() != Effect.READ
 *                 ? PolicyDecision.deny(name(), "no side effects between 00:00 and 06:00 UTC")
 *                 : PolicyDecision.allow();
 *     }
 * };
 * Policy policy = StandardPolicy.builder().spendCap("ETH", new BigDecimal("0.1"), Duration.ofDays(1))
 *         .rule(quietHours).build();
 * }</pre>
 *
 * <p>Thread-safety: {@link StandardPolicy} calls {@link #check}, {@link #admitted} and
 * {@link #completed} for one agent one at a time, under that agent's lock, so a rule's check and
 * its reservation cannot interleave with another call of the same agent; calls for different
 * agents may run in parallel, and {@link #offers} may run at any time. A rule that keeps state must
 * therefore be safe for concurrent use across agents. A rule that throws denies the call (fail
 * closed).
 */
public interface PolicyRule {

    /**
     * Returns the rule's name, reported in {@link PolicyDecision#rule()}, logs and metrics: short,
     * lower case, with dashes (for example {@code "quiet-hours"}). Unique within a policy.
     *
     * @return the name
     */
    String name();

    /**
     * Returns whether a tool may be offered to the model at all for an event of this trust. Only
     * rules that can decide without the call's arguments say no here (trust gates, tool lists).
     *
     * @param agentId the agent
     * @param tool the tool
     * @param trust the trust of the event's author
     * @return {@code true} (the default) to let the tool be offered
     */
    default boolean offers(String agentId, Tool tool, Trust trust) {
        return true;
    }

    /**
     * Checks one call. Must not reserve anything: the call may still be denied by another rule.
     *
     * @param request the call
     * @return {@link PolicyDecision#allow()} when this rule has no objection, a denial, or a hold
     *     for approval; the deciding rule is reported as {@link #name()} whatever the decision says
     */
    PolicyDecision check(PolicyRequest request);

    /**
     * Called once every rule has agreed to a call (allowed it or held it for approval): the moment
     * to reserve what the call counts. Does nothing by default.
     *
     * @param request the call
     */
    default void admitted(PolicyRequest request) {}

    /**
     * Called when an admitted call has ended, with the spends that count from now on (empty when
     * the call failed without effect, so its reservation is released); see
     * {@link Policy#completed}. Does nothing by default.
     *
     * @param request the call, as decided
     * @param counted the spends that now count
     */
    default void completed(PolicyRequest request, List<Spend> counted) {}
}
