/** Pictures the tutorial shows: sample grids, training curves, confusion matrices, predictions (PNG). */
package dev.mnist4j.cli.pictures;
