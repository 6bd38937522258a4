/** The tutorial's steps as small programs that use only the mnist4j API; run them with {@code ./mnist4j example NAME}. */
package dev.mnist4j.examples;
