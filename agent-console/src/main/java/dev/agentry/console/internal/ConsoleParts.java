package dev.agentry.console.internal;

import dev.agentry.core.AgentRuntime;
import java.time.Clock;

/**
 * What the console's handlers share.
 *
 * @param runtime the runtime it watches
 * @param feed its events
 * @param series the charts' data
 * @param resolutions what operators did with dead letters
 * @param operators who may use the console, and their sessions
 * @param clock the clock
 */
public record ConsoleParts(AgentRuntime runtime, EventFeed feed, Series series, Resolutions resolutions, Operators operators, Clock clock) {}
