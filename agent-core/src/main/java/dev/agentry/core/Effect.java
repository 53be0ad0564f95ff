package dev.agentry.core;

/**
 * The class of side effect a {@link Tool} has. The policy and the trust gates treat each class
 * differently: {@link #FUNDS} tools are never offered to the model for untrusted events unless
 * the operator's configuration allows it.
 */
public enum Effect {
    /** Reads state, changes nothing. */
    READ,
    /** Publishes or changes state outside the agent without moving value (posts, replies). */
    POST,
    /** Moves or creates value: transfers, approvals, token launches. */
    FUNDS
}
