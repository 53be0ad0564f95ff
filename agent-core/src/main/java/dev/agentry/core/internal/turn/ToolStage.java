package dev.agentry.core.internal.turn;

import dev.agentry.core.ToolCall;

/**
 * One step on the guarded path of a tool call, in the style of OkHttp's interceptors: a stage
 * either finishes the call itself (a refusal, a replayed result) or fills in what it is for and
 * hands the call on with {@link Chain#proceed}. The stages, in order: validate, replay, authorize,
 * approve, journal, record (which writes what the stages after it returned), execute.
 *
 * <p>Stages hold no per-call state: everything about a call lives in its {@link ToolInvocation}.
 * Implementations must be thread-safe.
 */
public interface ToolStage {

    /**
     * Handles a call.
     *
     * @param call the call, as far as the earlier stages got
     * @param next the rest of the path
     * @return how the call ended
     */
    ToolCall intercept(ToolInvocation call, Chain next);

    /** The stages after the current one. */
    interface Chain {

        /**
         * Hands the call to the next stage.
         *
         * @param call the call
         * @return how the call ended
         */
        ToolCall proceed(ToolInvocation call);
    }
}
