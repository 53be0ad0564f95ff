package dev.agentry.core;

import java.time.Instant;

/**
 * An event that failed every attempt, kept with the reason so nothing is lost silently.
 *
 * @param agentId the agent
 * @param event the event
 * @param attempts how many attempts were made
 * @param reason the last failure
 * @param at when it was dead-lettered
 */
public record DeadLetter(String agentId, Event event, int attempts, String reason, Instant at) {}
