/**
 * The operator console: {@link dev.agentry.console.OperatorConsole} serves a web page and an HTTP
 * API over an {@link dev.agentry.core.AgentRuntime} (agents, live turns, journal search, dead
 * letters, charts, and the approval queue), and {@link dev.agentry.console.JdbcApprovalQueue}
 * keeps held calls in a database so they survive restarts.
 */
package dev.agentry.console;
