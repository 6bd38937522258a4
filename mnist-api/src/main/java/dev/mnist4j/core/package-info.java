/**
 * The vocabulary every other package shares: {@link dev.mnist4j.core.Device}, {@link
 * dev.mnist4j.core.Capability} and the exception types, rooted at {@link
 * dev.mnist4j.core.Mnist4jException}. It depends on nothing else in mnist4j.
 */
package dev.mnist4j.core;
