/**
 * Cluster mode: agents spread over many JVMs by Apache Kafka, their journal and memory shared in
 * PostgreSQL, effects fenced by a per-agent epoch so they happen once whichever node runs them.
 * Start with {@link dev.agentry.cluster.ClusterNode}; write events for agents with
 * {@link dev.agentry.cluster.EventPublisher}. The embedded single-JVM
 * {@link dev.agentry.core.AgentRuntime} needs none of this.
 */
package dev.agentry.cluster;
