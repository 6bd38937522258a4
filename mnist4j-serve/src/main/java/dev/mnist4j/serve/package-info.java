/**
 * An HTTP server around a {@link dev.mnist4j.DigitModel}: a page to draw digits on, {@code POST
 * /api/predict}, the Open Inference Protocol (KServe v2), and a dashboard that follows a training
 * run ({@link dev.mnist4j.serve.TrainingFeed}) through server-sent events. Start one with {@link
 * dev.mnist4j.serve.DigitServer#start}.
 */
package dev.mnist4j.serve;
