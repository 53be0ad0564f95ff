package dev.agentry.runner;

import dev.agentry.core.AgentryException;

/**
 * A mistake of the person running {@code agentry} (a bad command, a missing folder, an invalid
 * configuration): printed as one line on standard error, without a stack trace unless
 * {@code --debug} is given, and the command exits with a non-zero status.
 */
final class UserError extends AgentryException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
