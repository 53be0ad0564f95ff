/**
 * Agentry core: the agent loop, personas, events, the tool SPI, the policy that guards every
 * tool call, model wiring and metrics.
 *
 * <p>Start with {@link dev.agentry.core.Agent#builder(String)} and
 * {@link dev.agentry.core.AgentRuntime#builder()}. Types under {@code dev.agentry.core.internal}
 * are not public API and may change without notice.
 */
package dev.agentry.core;
