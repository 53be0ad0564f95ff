/** The cluster node's parts: the poll loop, ownership of agents, offsets, the wire format and agent messaging. Not API. */
package dev.agentry.cluster.internal;
