/**
 * The tutorial's CNN as values: its layers and parameters ({@link dev.mnist4j.model.MnistCnn}), its
 * state ({@link dev.mnist4j.model.StateDict} of immutable {@link dev.mnist4j.model.Tensor}s, with
 * PyTorch's names and layouts), and the seeded initial weights every backend shares ({@link
 * dev.mnist4j.model.PyTorchInit}).
 */
package dev.mnist4j.model;
