/**
 * Implementation of {@link dev.agentry.mcp}: configuration readers, the supervised client
 * connection and its tools, and the server's tool bridge, call identities, bearer authentication
 * and HTTP endpoint. Not API: may change without notice.
 */
package dev.agentry.mcp.internal;
