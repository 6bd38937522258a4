package dev.mnist4j;

import dev.mnist4j.data.Batch;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.Logits;
import dev.mnist4j.model.MnistCnn;
import dev.mnist4j.train.Evaluation;
import java.util.ArrayList;
import java.util.List;

/** Runs a model over a labelled split in order and scores it; the same for every backend. */
final class Evaluator {
    private static final int BATCH = 1000;

    private Evaluator() {}

    static Evaluation evaluate(DigitModel model, DataSet data) {
        int[][] confusion = new int[MnistCnn.CLASSES][MnistCnn.CLASSES];
        double lossSum = 0;
        int correct = 0;
        List<Evaluation.Mistake> mistakes = new ArrayList<>();
        int index = 0;
        for (Batch b : data.batches(BATCH, null, false)) {
            float[] logits = model.logits(b.images(), b.count());
            for (int i = 0; i < b.count(); i++) {
                int predicted = Logits.argmax(logits, i);
                int actual = b.labels()[i];
                confusion[actual][predicted]++;
                if (predicted == actual) {
                    correct++;
                } else if (mistakes.size() < Evaluation.MISTAKES_KEPT) {
                    mistakes.add(new Evaluation.Mistake(index, actual, predicted));
                }
                index++;
                lossSum += Logits.crossEntropy(logits, i, actual);
            }
        }
        int n = data.size();
        return new Evaluation(n, n == 0 ? 0 : (double) correct / n, n == 0 ? 0 : lossSum / n, confusion, mistakes);
    }
}
