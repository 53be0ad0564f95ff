package dev.agentry.core.internal.turn;

/** The thread taking a turn or a tool call was interrupted (shutdown). */
public final class TurnInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TurnInterruptedException() {
        super("interrupted");
    }
}
