package io.aspd.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.aspd.markup.AspdTokenIds;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Decoder;
import io.aspd.model.Qwen2Weights;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serial-parallel training (ASPD's SFT): next-token cross-entropy on the answers, each sequence seen through its
 * training view, so that every branch learns from the shared prefix and itself only, at Same-Seq positions. The
 * forward is the serving model's own ({@link Qwen2Decoder#sequenceLogits}), so what is trained is exactly what is
 * served. AdamW, warm-up and cosine decay, gradient clipping, held-out loss, periodic checkpoints and exact resume.
 */
public final class Trainer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final int HELDOUT_BATCHES = 16;

    private final TrainingSettings settings;
    private final List<TrainingExample> heldout;
    private final AspdTokenIds ids;
    private final int padId;
    private final Path workDir;
    private final NDManager manager;
    private final Qwen2Weights weights;
    private final Qwen2Decoder decoder;
    private final AdamW optimizer;
    private final BatchSchedule schedule;
    private final TrainingLog trainingLog;
    private int step;
    private int skipped;

    /**
     * @param resume continue from the checkpoint in {@code workDir} when there is one
     * @param initialModel a model folder whose weights a fresh run starts from (fine-tuning; its {@code config.json}
     *     must be {@code config}); empty to start from random weights. A resumed run ignores it.
     */
    public Trainer(ModelConfig config, TrainingSettings settings, List<TrainingExample> train,
                   List<TrainingExample> heldout, AspdTokenIds ids, int padId, Path workDir, boolean resume,
                   Optional<Path> initialModel) {
        this.settings = settings;
        this.heldout = heldout;
        this.ids = ids;
        this.padId = padId;
        this.workDir = workDir;
        this.manager = NDManager.newBaseManager("PyTorch");
        this.schedule = new BatchSchedule(train, settings.batchSize(), settings.seed());
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(workDir.resolve("checkpoint"));
        boolean resuming = resume && checkpoint.exists();
        this.weights = resuming ? checkpoint.loadWeights(manager) : initialModel
                .map(dir -> Qwen2Weights.load(dir, manager))
                .orElseGet(() -> Qwen2Weights.randomInit(config, manager, settings.seed()));
        if (!weights.config().equals(config)) {
            throw new IllegalArgumentException("the starting weights have config " + weights.config()
                    + ", not the configured " + config);
        }
        weights.parameters().values().forEach(p -> p.setRequiresGradient(true));
        this.decoder = new Qwen2Decoder(weights);
        this.optimizer = new AdamW(weights.parameters(), manager, 0.9, 0.95, 1e-8, settings.weightDecay());
        this.trainingLog = new TrainingLog(workDir.resolve("training-log.csv"));
        if (resuming) {
            step = checkpoint.restore(optimizer);
            trainingLog.truncateAfter(step);
            log.info("resuming at step {} from {}", step, checkpoint.dir());
        } else {
            trainingLog.clear();
        }
    }

    public Qwen2Weights weights() {
        return weights;
    }

    List<TrainingLog.Point> history() {
        return trainingLog.points();
    }

    /** Trains until the last step; returns the final held-out loss. */
    public double run() {
        return run(settings.steps());
    }

    /**
     * Trains until {@code untilStep} (at most the last step), saving a checkpoint there: a run can be split into
     * several invocations, each resuming where the previous one stopped.
     */
    public double run(int untilStep) {
        LearningRateSchedule rates = settings.schedule();
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(workDir.resolve("checkpoint"));
        long started = System.nanoTime();
        int firstStep = step;
        long tokens = 0;
        double smoothed = Double.NaN;
        double heldoutLoss = Double.NaN;
        int end = Math.min(untilStep, settings.steps());
        if (step == 0) {
            // The untrained model's losses anchor the curve: what training starts from.
            double initial = evaluate(List.of(schedule.batch(0)));
            trainingLog.add(new TrainingLog.Point(0, initial, heldoutLoss(), rates.at(0), 0));
        }
        while (step < end) {
            TrainingBatch batch = new TrainingBatch(schedule.batch(step), ids, padId);
            double rate = rates.at(step);
            double loss = trainStep(batch, rate);
            tokens += batch.realTokens();
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
            step++;
            double seconds = (System.nanoTime() - started) / 1e9;
            double tokensPerSecond = tokens / seconds;
            boolean last = step == end;
            if (step % settings.evalEvery() == 0 || last) {
                heldoutLoss = heldoutLoss();
                trainingLog.add(new TrainingLog.Point(step, smoothed, heldoutLoss, rate, tokensPerSecond));
            }
            if (step % 10 == 0 || last) {
                long eta = (long) (seconds / (step - firstStep) * (end - step));
                // until this invocation's first evaluation there is no held-out loss to show
                String heldout = Double.isNaN(heldoutLoss) ? "-" : String.format(Locale.ROOT, "%.4f", heldoutLoss);
                System.err.printf(Locale.ROOT, "step %d/%d  loss %.4f  held-out %s  lr %.2e  %.0f tok/s  elapsed %s  eta %s%n",
                        step, settings.steps(), smoothed, heldout, rate, tokensPerSecond,
                        format(Duration.ofSeconds((long) seconds)), format(Duration.ofSeconds(eta)));
            }
            if (step % settings.checkpointEvery() == 0 || last) {
                checkpoint.save(weights, optimizer, step);
            }
        }
        return heldoutLoss;
    }

    private double trainStep(TrainingBatch batch, double rate) {
        float loss;
        try (NDScope scope = new NDScope()) {
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray value = loss(batch);
                collector.backward(value);
                loss = value.getFloat();
            }
        }
        double norm = optimizer.step(rate, settings.gradientClip());
        log.debug("step {}: loss {} gradient norm {}", step, loss, norm);
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            skipped++;
            log.warn("step {}: loss {} gradient norm {}: the update was skipped (batch of {} x {} tokens; {} skipped so far)",
                    step, loss, norm, batch.batch, batch.length, skipped);
            if (skipped > settings.steps() / 20) {
                throw new IllegalStateException("training diverged: " + skipped + " updates skipped for non-finite values");
            }
        }
        return loss;
    }

    /** Mean cross-entropy of the answer tokens of a batch. */
    private NDArray loss(TrainingBatch batch) {
        NDArray logits = decoder.sequenceLogits(batch.tokens(manager), batch.positions(manager),
                batch.visibility(manager));
        NDArray picked = logits.logSoftmax(-1).gather(batch.targets(manager), 2).squeeze(2);
        return picked.mul(batch.weights(manager)).sum().div((float) Math.max(1, batch.answerTokens())).neg();
    }

    /** Answer-token loss over the first held-out examples, without gradients. */
    public double heldoutLoss() {
        List<List<TrainingExample>> batches = new ArrayList<>();
        int size = settings.batchSize();
        for (int start = 0; start < heldout.size() && batches.size() < HELDOUT_BATCHES; start += size) {
            batches.add(heldout.subList(start, Math.min(start + size, heldout.size())));
        }
        return evaluate(batches);
    }

    /** Answer-token loss over some batches, without gradients. */
    private double evaluate(List<List<TrainingExample>> batches) {
        double total = 0;
        long count = 0;
        for (List<TrainingExample> examples : batches) {
            TrainingBatch batch = new TrainingBatch(examples, ids, padId);
            try (NDScope scope = new NDScope()) {
                total += loss(batch).getFloat() * batch.answerTokens();
                count += batch.answerTokens();
            }
        }
        return count == 0 ? Double.NaN : total / count;
    }

    private static String format(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public void close() {
        manager.close();
    }
}
