/** The starter's internals: the property tree reader, the agent assembler, the health adapters. Not API. */
package dev.agentry.spring.internal;
