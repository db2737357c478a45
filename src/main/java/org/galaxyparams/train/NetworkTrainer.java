package org.galaxyparams.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.Sha256;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.UniformPrior;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * Trains one network from the simulator: batches drawn on the fly in a background thread, a fixed
 * validation set, Adam with warm-up + cosine schedule, validation every few hundred steps with
 * checkpoint, best-model card, early stopping and a wall-time budget. Resumable across runs.
 */
public final class NetworkTrainer {
    private final TrainingOptions o;
    private final PrintStream log;
    private final InputEncoding enc;
    private final LabelScaling labels = LabelScaling.STUDY_PRIOR;
    private final boolean denoiser;
    private CosineSchedule schedule;

    public NetworkTrainer(TrainingOptions options, PrintStream log) {
        this.o = options;
        this.log = log;
        this.denoiser = options.architecture().kind().isDenoiser();
        this.enc = options.encoding();
    }

    public Path cardFile() { return o.outDir().resolve(o.name() + ".json"); }

    private Path checkpointDir() { return o.outDir().resolve("checkpoints"); }

    private Path lastParams() { return checkpointDir().resolve(o.name() + "-last.params"); }

    private Path stateFile() { return checkpointDir().resolve(o.name() + "-state.json"); }

    /** Runs until the schedule ends, early stopping, the time budget or {@code cancelled}; returns the best card. */
    public ModelCard run(BooleanSupplier cancelled) throws IOException, InterruptedException {
        Files.createDirectories(checkpointDir());
        DjlRuntime.configureThreads(o.threads());
        DjlRuntime.engine();
        TrainingState state = o.resume() && Files.isRegularFile(stateFile()) ? TrainingState.read(stateFile()) : TrainingState.START;
        if (state.step() >= o.totalSteps()) {
            log.println("Training of " + o.name() + " already reached step " + state.step() + " of " + o.totalSteps() + ".");
            return ModelCard.read(cardFile());
        }
        long runStart = System.nanoTime();
        log.printf(Locale.ROOT, "Validation set: %d images of %s, seed %d%n", o.validationSize(), o.presetId(), o.validationSeed());
        List<Sample> validation = new SampleStream(withSeed(o.validationSeed()), 0).take(o.validationSize());
        Block block = o.architecture().build();
        int s = enc.stampSize();
        Shape inputShape = new Shape(o.batch(), enc.channels(), s, s);
        try (Model model = Model.newInstance(o.name(), ai.djl.Device.cpu(), DjlRuntime.ENGINE)) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(denoiser ? Loss.l1Loss() : Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(
                            schedule = new CosineSchedule(o.learningRate(), 0.05f, o.totalSteps(), 300, state.step()))
                            .optClipGrad(denoiser ? 0.5f : -1f).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                if (state.step() > 0) {
                    try (DataInputStream in = new DataInputStream(Files.newInputStream(lastParams()))) {
                        block.loadParameters(model.getNDManager(), in);
                    } catch (ai.djl.MalformedModelException e) {
                        throw new IOException("Checkpoint " + lastParams() + " does not fit this architecture: " + e.getMessage(), e);
                    }
                    log.printf(Locale.ROOT, "Resumed %s at step %d (best validation loss %.5g at step %d)%n",
                            o.name(), state.step(), state.bestLoss(), state.bestStep());
                }
                state = loop(model, trainer, block, validation, state, runStart, cancelled);
            }
        }
        return ModelCard.read(cardFile());
    }

    private TrainingState loop(Model model, Trainer trainer, Block block, List<Sample> validation, TrainingState start,
                               long runStart, BooleanSupplier cancelled) throws IOException, InterruptedException {
        SampleStream stream = new SampleStream(o.data(), start.nextCandidate());
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
        Thread producer = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    List<Sample> b = stream.take(o.batch());
                    queue.put(new Object[] {TrainingBatch.of(b, enc, labels, denoiser), stream.nextCandidate()});
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "galaxy-params-training-data");
        producer.setDaemon(true);
        producer.start();
        TrainingState st = new TrainingState(start.step(), start.nextCandidate(), start.samplesSeen(), start.bestLoss(),
                start.bestStep(), start.staleValidations(), start.wallSeconds(), start.runs() + 1);
        double ema = Double.NaN;
        long lastLine = System.nanoTime();
        int stepsThisRun = 0;
        String stopReason = "schedule complete";
        boolean diverged = false;
        try {
            while (st.step() < o.totalSteps()) {
                if (cancelled.getAsBoolean()) { stopReason = "cancelled"; break; }
                double minutes = (System.nanoTime() - runStart) / 6e10;
                if (o.maxMinutes() > 0 && minutes >= o.maxMinutes()) { stopReason = "time budget of " + o.maxMinutes() + " min"; break; }
                Object[] item = (Object[]) queue.take();
                TrainingBatch b = (TrainingBatch) item[0];
                float loss = step(trainer, b);
                if (!Float.isFinite(loss)) {
                    diverged = true;
                    stopReason = "non-finite loss at step " + (st.step() + 1) + " (lower --lr)";
                    break;
                }
                ema = Double.isNaN(ema) ? loss : 0.98 * ema + 0.02 * loss;
                stepsThisRun++;
                st = new TrainingState(st.step() + 1, (Long) item[1], st.samplesSeen() + b.size(), st.bestLoss(), st.bestStep(),
                        st.staleValidations(), st.wallSeconds(), st.runs());
                long now = System.nanoTime();
                if (now - lastLine > 30e9) {
                    lastLine = now;
                    double secs = (now - runStart) / 1e9;
                    double rate = stepsThisRun / secs;
                    log.printf(Locale.ROOT, "%s step %d/%d  loss %.5f  lr %.2e  %.0f img/s  ETA %s%n", o.name(), st.step(),
                            o.totalSteps(), ema, schedule.getNewValue(st.step() - schedule.offset()),
                            rate * o.batch(), eta((o.totalSteps() - st.step()) / Math.max(rate, 1e-9)));
                }
                if (st.step() % o.validateEvery() == 0 || st.step() == o.totalSteps()) {
                    st = validate(model, block, validation, st, runStart);
                    if (st.staleValidations() >= o.patience()) { stopReason = "early stopping (patience " + o.patience() + ")"; break; }
                }
            }
        } finally {
            producer.interrupt();
        }
        // after divergence the weights are not finite: keep the last checkpoint and the best model as they are
        if (!diverged && st.step() % o.validateEvery() != 0) st = validate(model, block, validation, st, runStart);
        log.printf(Locale.ROOT, "%s stopped at step %d: %s. Best validation loss %.5g at step %d.%n", o.name(), st.step(),
                stopReason, st.bestLoss(), st.bestStep());
        return st;
    }

    private float step(Trainer trainer, TrainingBatch b) {
        int s = enc.stampSize();
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = m.create(b.inputs(), new Shape(b.size(), enc.channels(), s, s));
            NDArray y = denoiser ? m.create(b.targets(), new Shape(b.size(), 1, s, s)) : m.create(b.targets(), new Shape(b.size(), 5));
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** Validates, checkpoints, and writes the best model and its card when the loss improved. */
    private TrainingState validate(Model model, Block block, List<Sample> validation, TrainingState st, long runStart) throws IOException {
        Map<String, Double> metrics = evaluate(model, block, validation);
        double loss = metrics.get("loss");
        boolean better = loss < st.bestLoss();
        double wall = st.wallSeconds() + (System.nanoTime() - runStart) / 1e9;
        TrainingState next = new TrainingState(st.step(), st.nextCandidate(), st.samplesSeen(), better ? loss : st.bestLoss(),
                better ? st.step() : st.bestStep(), better ? 0 : st.staleValidations() + 1, st.wallSeconds(), st.runs());
        GalaxyNetwork.saveParameters(block, lastParams());
        if (better) {
            Path weights = o.outDir().resolve(o.name() + ".params");
            GalaxyNetwork.saveParameters(block, weights);
            metrics.remove("loss");
            card(Sha256.of(weights), next, wall, metrics).write(cardFile());
        }
        // wall time is accounted in the state only at the checkpoint: the state written holds the total so far
        new TrainingState(next.step(), next.nextCandidate(), next.samplesSeen(), next.bestLoss(), next.bestStep(),
                next.staleValidations(), wall, next.runs()).write(stateFile());
        StringBuilder line = new StringBuilder();
        metrics.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4g", k, v)));
        log.printf(Locale.ROOT, "%s validation at step %d: loss %.5g%s%s%n", o.name(), st.step(), loss, line,
                better ? "  (best: saved)" : "  (no gain " + next.staleValidations() + "/" + o.patience() + ")");
        return next;
    }

    /** Validation metrics: loss (what early stopping watches) and RMSE per label in original units, or image RMSE. */
    private Map<String, Double> evaluate(Model model, Block block, List<Sample> validation) {
        Map<String, Double> m = new LinkedHashMap<>();
        int chunk = 64;
        double[] sq = new double[5];
        double imgSq = 0, noisySq = 0;
        long pixels = 0;
        for (int from = 0; from < validation.size(); from += chunk) {
            List<Sample> part = validation.subList(from, Math.min(validation.size(), from + chunk));
            TrainingBatch b = TrainingBatch.of(part, enc, labels, denoiser);
            float[] out = forward(model, block, b);
            for (int i = 0; i < b.size(); i++) {
                Sample s = part.get(i);
                if (denoiser) {
                    int plane = enc.stampSize() * enc.stampSize();
                    for (int p = 0; p < plane; p++) {
                        double d = out[i * plane + p] / enc.imageScale() - s.noiseless()[p];
                        double dn = s.noisy()[p] - s.noiseless()[p];
                        imgSq += d * d;
                        noisySq += dn * dn;
                    }
                    pixels += plane;
                } else {
                    double[] est = labels.unscale(out, i * 5);
                    double[] truth = s.params().toArray();
                    for (int k = 0; k < 5; k++) sq[k] += (est[k] - truth[k]) * (est[k] - truth[k]);
                }
            }
        }
        if (denoiser) {
            double rmse = Math.sqrt(imgSq / pixels);
            m.put("loss", rmse);
            m.put("image_rmse", rmse);
            m.put("noisy_rmse", Math.sqrt(noisySq / pixels));
        } else {
            double loss = 0;
            for (int k = 0; k < 5; k++) {
                double rmse = Math.sqrt(sq[k] / validation.size());
                double range = labels.max()[k] - labels.min()[k];
                loss += (rmse / range) * (rmse / range);
                m.put(GalaxyParams.LABELS[k], rmse);
            }
            m.put("loss", loss);
        }
        return m;
    }

    private float[] forward(Model model, Block block, TrainingBatch b) {
        int s = enc.stampSize();
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(b.inputs(), new Shape(b.size(), enc.channels(), s, s));
            return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    private ModelCard card(String sha, TrainingState st, double wall, Map<String, Double> metrics) {
        UniformPrior p = o.data().prior() instanceof UniformPrior u ? u : null;
        ModelCard.PriorRecord prior = new ModelCard.PriorRecord(o.presetId(),
                p != null ? p.psfFwhmMin() : Double.NaN, p != null ? p.psfFwhmMax() : Double.NaN,
                p != null ? p.sigmaMin() : Double.NaN, p != null ? p.sigmaMax() : Double.NaN,
                o.data().geometry().pixelScale(), o.data().geometry().size(), o.data().psfBeta(),
                o.data().snrMin(), o.data().snrMax());
        ModelCard.TrainingRecord t = new ModelCard.TrainingRecord(o.data().seed(), o.validationSeed(), o.validationSize(),
                o.batch(), o.learningRate(), "warm-up 300 steps, cosine to 5% at step " + o.totalSteps(), o.totalSteps(),
                st.step(), st.step(), st.samplesSeen(), wall, st.runs(), o.threads(), machine(),
                denoiser ? "L1 on noiseless stamps x " + enc.imageScale() : "L2 on labels scaled to [-1, 1]",
                o.command(), version());
        return new ModelCard(o.name(), "djl", o.name() + ".params", sha, o.architecture(), enc,
                denoiser ? null : labels, prior, t, metrics);
    }

    private org.galaxyparams.sim.SimulationConfig withSeed(long seed) {
        var d = o.data();
        return new org.galaxyparams.sim.SimulationConfig(d.prior(), d.psfBeta(), d.geometry(), seed, d.snrMin(), d.snrMax(), true, false);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) { cpu = line.substring(line.indexOf(':') + 1).trim(); break; }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: keep the generic name
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version");
    }

    static String version() {
        String v = NetworkTrainer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static String eta(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
