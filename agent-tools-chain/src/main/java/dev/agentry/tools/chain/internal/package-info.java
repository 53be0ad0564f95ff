/**
 * Implementation of the chain tools: JSON-RPC access, fees, nonce manager, transaction sender,
 * revert decoding, contract artifacts and the tool definitions. Not public API; may change
 * without notice.
 */
package dev.agentry.tools.chain.internal;
