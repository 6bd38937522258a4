/**
 * Data: the {@link dev.mnist4j.data.DataModule} that prepares a data set and serves its splits,
 * {@link dev.mnist4j.data.DataSet} (a split in memory, batches prepared in the background), {@link
 * dev.mnist4j.data.Normalization} and {@link dev.mnist4j.data.DataOptions}. Data sets are opened by
 * name with {@link dev.mnist4j.DataModules}.
 */
package dev.mnist4j.data;
