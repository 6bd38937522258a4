/**
 * Training: {@link dev.mnist4j.train.TrainConfig} and {@link dev.mnist4j.train.OptimizerConfig} (the
 * recipe), the {@link dev.mnist4j.train.Trainer} a model makes, listeners, epoch results, {@link
 * dev.mnist4j.train.Evaluation}, and the {@link dev.mnist4j.train.Checkpoint} a run resumes from.
 */
package dev.mnist4j.train;
