/**
 * Implementation of the social feeds (HTTP calls with rate limits and retries, OAuth 1.0a signing,
 * X text weighting, duplicate detection, the built-in feed providers, the local feed's JSONL file
 * and console). Not public API: may change without notice.
 */
package dev.agentry.tools.social.internal;
