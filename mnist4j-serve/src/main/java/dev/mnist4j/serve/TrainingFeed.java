package dev.mnist4j.serve;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.DigitModel;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.model.Tensor;
import dev.mnist4j.train.BatchProgress;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.Evaluation;
import dev.mnist4j.train.TrainConfig;
import dev.mnist4j.train.TrainingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A training run as a stream of events for the dashboard: add it to a trainer
 * ({@code trainer.addListener(feed)}) and give it to {@link DigitServer#start}. It keeps every
 * event, so a page opened late replays the run from its start, and a finished run stays readable.
 * Listening costs the trainer little: events are recorded on the training thread and sent by the
 * server's threads, so a slow or closed page never holds training up.
 *
 * <p>Events: {@code start} (the recipe), {@code batch} (loss, running accuracy, images/s; every
 * {@value #RATIO_EVERY} batches also each weight's update-to-weight ratio), {@code epoch} (train
 * and test accuracy and loss, learning rate, confusion matrix, and the first test images predicted
 * wrong, with their pixels), {@code done}.
 */
@API(status = EXPERIMENTAL)
public final class TrainingFeed implements TrainingListener {
    /** How often, in batches, the update-to-weight ratios are measured (each costs two state copies). */
    public static final int RATIO_EVERY = 10;

    private static final int MISTAKES_SHOWN = 24;
    private static final int MAX_EVENTS = 100_000;

    /** One event: its SSE name and its JSON data. */
    record Event(String type, String json) {}

    private final DigitModel model;
    private final TrainConfig config;
    private final DataSet test;
    private final List<Event> events = new ArrayList<>();
    private StateDict before;
    private long step;
    private boolean done;

    /**
     * @param model  the model being trained (read every {@value #RATIO_EVERY} batches for the ratios)
     * @param config the recipe, shown on the page
     * @param test   the split evaluated after each epoch, for the pictures of mistakes
     */
    public TrainingFeed(DigitModel model, TrainConfig config, DataSet test) {
        this.model = model;
        this.config = config;
        this.test = test;
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("backend", model.backend());
        start.put("device", model.device().toString());
        start.put("threads", model.threads());
        start.put("epochs", config.epochs());
        start.put("batchSize", config.batchSize());
        start.put("optimizer", config.optimizer().toString());
        start.put("learningRate", config.optimizer().learningRate());
        start.put("seed", config.seed());
        add("start", start);
    }

    @Override
    public void onBatch(BatchProgress p) {
        step++;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", p.epoch());
        e.put("batch", p.batch());
        e.put("batches", p.batches());
        e.put("step", step);
        e.put("loss", p.loss());
        e.put("accuracy", p.runningAccuracy());
        e.put("imagesPerSecond", p.imagesPerSecond());
        if (before != null) {
            e.put("updateRatios", updateRatios(before, model.stateDict()));
            before = null;
        }
        if (step % RATIO_EVERY == RATIO_EVERY - 1) {
            before = model.stateDict(); // the weights before the next step
        }
        add("batch", e);
    }

    @Override
    public void onEpoch(EpochResult r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", r.epoch());
        e.put("epochs", r.epochs());
        e.put("loss", r.loss());
        e.put("accuracy", r.accuracy());
        e.put("seconds", r.duration().toMillis() / 1000.0);
        e.put("learningRate", config.optimizer().learningRate());
        Evaluation t = r.test();
        if (t != null) {
            e.put("testAccuracy", t.accuracy());
            e.put("testLoss", t.meanLoss());
            e.put("confusion", t.confusion());
            List<Map<String, Object>> wrong = new ArrayList<>();
            for (Evaluation.Mistake m : t.mistakes()
                    .subList(0, Math.min(MISTAKES_SHOWN, t.mistakes().size()))) {
                wrong.add(Map.of(
                        "index", m.index(),
                        "actual", m.actual(),
                        "predicted", m.predicted(),
                        "pixels", test.rawImage(m.index())));
            }
            e.put("mistakes", wrong);
        }
        add("epoch", e);
    }

    /** Marks the run as over: {@code finished}, or {@code failed} with why. */
    public void finish(boolean succeeded, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", succeeded ? "finished" : "failed");
        e.put("message", message);
        synchronized (this) {
            add("done", e);
            done = true;
        }
    }

    /** How many events there are so far. */
    synchronized int eventCount() {
        return events.size();
    }

    /** Whether {@link #finish} was called. */
    public synchronized boolean finished() {
        return done;
    }

    /** The events from {@code index} on, waiting up to {@code wait} for one if there are none yet. */
    synchronized List<Event> since(int index, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (events.size() <= index && !done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return index < events.size() ? List.copyOf(events.subList(index, events.size())) : List.of();
    }

    private synchronized void add(String type, Map<String, Object> data) {
        if (events.size() < MAX_EVENTS || !type.equals("batch")) {
            events.add(new Event(type, Json.string(data)));
            notifyAll();
        }
    }

    /** ‖w after − w before‖ / ‖w before‖ for each weight (not bias) tensor: DL4J's most useful chart. */
    private static Map<String, Double> updateRatios(StateDict before, StateDict after) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String name : before.names()) {
            if (!name.endsWith(".weight")) {
                continue;
            }
            Tensor a = before.get(name);
            Tensor b = after.get(name);
            double change = 0;
            double size = 0;
            for (int i = 0; i < a.size(); i++) {
                double d = b.get(i) - a.get(i);
                change += d * d;
                size += (double) a.get(i) * a.get(i);
            }
            ratios.put(name.substring(0, name.length() - ".weight".length()), size == 0 ? 0 : Math.sqrt(change / size));
        }
        return ratios;
    }
}
