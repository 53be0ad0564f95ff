/** Implementation of the x402 endpoint and tool; not public API. */
package dev.agentry.x402.internal;
