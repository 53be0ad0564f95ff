package dev.agentry.tools.chain.internal;

import dev.agentry.core.AgentryException;
import dev.agentry.core.ToolException;
import java.util.Locale;
import java.util.Optional;

/**
 * A JSON-RPC error answered by the node (code, message, revert data), or a transport failure
 * (code {@link #TRANSPORT}). Messages never carry key material: requests hold only public data
 * and signed transactions.
 */
public final class RpcException extends AgentryException {
    private static final long serialVersionUID = 1L;

    /** Code used when the node could not be reached or answered garbage. */
    public static final int TRANSPORT = Integer.MIN_VALUE;

    private final int code;
    private final String data;
    private final boolean connectionRefused;

    RpcException(int code, String message, String data, boolean connectionRefused, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.data = data;
        this.connectionRefused = connectionRefused;
    }

    /** @return the JSON-RPC error code, or {@link #TRANSPORT} */
    public int code() {
        return code;
    }

    /** @return the error's data (revert bytes as 0x hex), if any */
    public Optional<String> data() {
        return Optional.ofNullable(data);
    }

    /** @return whether the node was not reached at all (nothing can have been sent) */
    public boolean connectionRefused() {
        return connectionRefused;
    }

    /** @return whether this is a transport failure rather than an answer from the node */
    public boolean isTransport() {
        return code == TRANSPORT;
    }

    /**
     * Returns whether the node's message contains a fragment (case-insensitive).
     *
     * @param fragment text to look for
     * @return {@code true} if found
     */
    public boolean says(String fragment) {
        String m = getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT));
    }

    /**
     * Describes the error for a person or a model: a transport failure as it is, revert data
     * decoded (see {@link Reverts}) as {@code reverted: …}, anything else prefixed with
     * {@code error:}.
     *
     * @return a readable description
     */
    public String describe() {
        String reason = reason();
        return isTransport() || reason.toLowerCase(Locale.ROOT).contains("revert") ? reason : "error: " + reason;
    }

    /**
     * Returns this failure as a tool error: a transport failure as it is, a node error as
     * {@code node error: …} with its revert decoded.
     *
     * @return the tool error, with this exception as its cause
     */
    public ToolException toToolException() {
        return new ToolException(isTransport() ? getMessage() : "node error: " + reason(), this);
    }

    private String reason() {
        Optional<String> revert = data().filter(d -> d.length() >= 10);
        if (!isTransport() && revert.isPresent()) {
            return "reverted: " + Reverts.decode(revert.get());
        }
        return getMessage() == null ? "unknown error" : getMessage();
    }
}
