package dev.agentry.core.internal.turn;

/** A turn went on after its host had given it up; it stops before its next effect. */
final class TurnAbandonedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TurnAbandonedException(String eventId) {
        super("turn for event " + eventId + " was abandoned after its timeout");
    }
}
