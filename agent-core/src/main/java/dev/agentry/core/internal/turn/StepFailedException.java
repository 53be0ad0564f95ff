package dev.agentry.core.internal.turn;

/** A step of a turn failed for good (the model after its retries, the reply channel): the turn fails and may be tried again. */
final class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
