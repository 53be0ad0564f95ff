package dev.agentry.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a tool sees of the turn it runs in. Passed to {@link Tool#execute}; valid only during that
 * call.
 */
public interface ToolContext {

    /**
     * Returns the id of the agent making the call.
     *
     * @return agent id
     */
    String agentId();

    /**
     * Returns the event the turn is processing.
     *
     * @return the event
     */
    Event event();

    /**
     * Returns the idempotency key of this call: derived from the agent, the event, the tool and
     * its canonical arguments, so the same request made again for the same event has the same key.
     * Tools that talk to external systems should pass it on where the system supports one.
     *
     * @return the key
     */
    String idempotencyKey();

    /**
     * Returns the journal record of an earlier attempt of this same call that was interrupted
     * (the process died after the call started and before it finished). A tool that moves value
     * must use it to reconcile with the outside world (find the transaction it already sent)
     * instead of acting a second time.
     *
     * @return the interrupted attempt's record, or empty on a first attempt
     */
    Optional<EffectRecord> interruptedAttempt();

    /**
     * Durably records progress of this call in the journal before a point of no return, such as
     * the hash and nonce of a signed transaction before it is broadcast. Values must not contain
     * secrets.
     *
     * @param details key/value pairs merged into this call's effect record
     */
    void checkpoint(Map<String, String> details);

    /**
     * Tells the runtime that this call itself answered the event (for example by replying to the
     * post the event came from), so the model's final text is not sent through the channel as a
     * second reply. The text is still journalled and remembered.
     */
    default void markEventAnswered() {}

    /**
     * Reports what this call really moved, once it is known, replacing the spends it declared
     * before executing (which the policy checked as a worst case). A transfer, for example,
     * declares its value plus the highest fee it could pay (gas limit × max fee per gas) and
     * settles with its value plus the fee its receipt shows. The journal records the settled
     * spends, and spend windows count them from then on. Calling it is optional: without it the
     * declared spends stand.
     *
     * @param actual the spends that really happened, in the same assets as declared
     */
    default void settle(List<Spend> actual) {}
}
