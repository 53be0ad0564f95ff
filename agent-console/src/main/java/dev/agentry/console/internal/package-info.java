/** The console's implementation: Jetty, the API's routes, sessions, the event feed. Not API. */
package dev.agentry.console.internal;
