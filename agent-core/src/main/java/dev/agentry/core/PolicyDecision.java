package dev.agentry.core;

import java.util.Objects;

/**
 * A policy's verdict on one tool call. A denial reaches the model as a tool error naming the
 * rule and the reason; the model cannot change it.
 *
 * @param verdict allow, deny or hold for approval
 * @param rule the rule that decided (for example {@code "spend-cap"}, see {@link StandardPolicy}), or
 *     {@code "default"} when every rule agreed
 * @param reason human-readable reason
 */
public record PolicyDecision(Verdict verdict, String rule, String reason) {

    /** The verdicts. */
    public enum Verdict {
        /** The call may execute. */
        ALLOW,
        /** The call is refused. */
        DENY,
        /** The call needs a human's approval first. */
        NEEDS_APPROVAL
    }

    /** Checks arguments. */
    public PolicyDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Allows the call.
     *
     * @return the decision
     */
    public static PolicyDecision allow() {
        return new PolicyDecision(Verdict.ALLOW, "default", "allowed");
    }

    /**
     * Denies the call.
     *
     * @param rule the rule
     * @param reason why
     * @return the decision
     */
    public static PolicyDecision deny(String rule, String reason) {
        return new PolicyDecision(Verdict.DENY, rule, reason);
    }

    /**
     * Holds the call for approval.
     *
     * @param rule the rule
     * @param reason why approval is needed
     * @return the decision
     */
    public static PolicyDecision needsApproval(String rule, String reason) {
        return new PolicyDecision(Verdict.NEEDS_APPROVAL, rule, reason);
    }

    /**
     * Returns whether the call may execute.
     *
     * @return {@code true} for {@link Verdict#ALLOW}
     */
    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }
}
