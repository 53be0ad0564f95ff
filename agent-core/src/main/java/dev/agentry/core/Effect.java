package dev.agentry.core;

/**
 * The class of side effect a {@link Tool} has. The trust gates and the policy treat each class
 * differently:
 *
 * <ul>
 *   <li>{@link #READ} is offered to everyone;
 *   <li>{@link #POST} is offered to everyone unless the policy says otherwise (agents answer the
 *       public);
 *   <li>{@link #FUNDS} is never offered for untrusted events unless the operator's policy allows
 *       it, and every call must declare its {@link Spend spends} so caps apply;
 *   <li>{@link #SIGN} is never offered for untrusted events, whatever the policy says, and is
 *       denied for everyone else too unless the policy grants it explicitly: a signature made with
 *       the agent's key is authority (a login, an off-chain order, a permit).
 * </ul>
 */
public enum Effect {
    /** Reads state, changes nothing. */
    READ,
    /** Publishes or changes state outside the agent without moving value (posts, replies). */
    POST,
    /** Moves or creates value: transfers, approvals, token launches. */
    FUNDS,
    /** Signs a message or payload with the agent's key without sending it anywhere. */
    SIGN
}
