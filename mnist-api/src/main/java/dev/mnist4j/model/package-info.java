/** The tutorial's CNN as every backend sees it: its parameters, its state, its seeded initial weights. */
package dev.mnist4j.model;
