package org.galaxyparams.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.Sha256;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;

/**
 * "Precise BatchNorm": replaces every BatchNorm's running mean and variance, which estimation uses, by their plain
 * average over many batches at the trained weights.
 *
 * <p>During training each BatchNorm keeps them as an exponential average that gives each new batch weight 0.1 (DJL's
 * momentum 0.9, handed to PyTorch as 1 - 0.9), so they reflect about the last 10 batches of 32 stamps: a few hundred
 * stamps, whatever the length of the run. That noise moves every output, and shows as validation losses that differ
 * by a percent between checkpoints even when the learning rate has decayed to almost nothing. Averaging K batches
 * instead lowers the statistics' variance about K/19-fold (the exponential average's effective count is
 * (1 + 0.9) / (1 - 0.9) = 19 batches) and changes no weight.
 *
 * <p>The batches run in training mode, as during training: each BatchNorm normalises by its batch's own statistics and
 * PyTorch updates the running ones from them (mean, and variance with Bessel's correction). Before each batch the
 * running statistics are set to zero, so afterwards they hold 0.1 x that batch's; the sum over batches / (0.1 K) is
 * the average.
 *
 * <p>A regressor trained behind a denoiser gets its batches as it was trained: with the denoiser's output as a plane.
 *
 * <p>Weights averaged over snapshots ({@link WeightAverage}) need this: their statistics are no snapshot's.
 */
public final class PreciseBatchNorm {
    /** Weight of the newest batch in DJL's running statistics: 1 - BatchNorm's default momentum 0.9 (never changed here). */
    static final double NEW_BATCH_WEIGHT = 0.1;

    private PreciseBatchNorm() {}

    /**
     * Recomputes the running statistics of every BatchNorm in {@code block} (initialised, with its trained weights) as
     * the average over {@code batches} batches; {@code nextBatch} makes each batch's input on the manager it is given.
     *
     * @return the number of BatchNorm layers recomputed
     */
    public static int recompute(Block block, NDManager manager, int batches, Function<NDManager, NDArray> nextBatch) {
        if (batches < 1) throw new IllegalArgumentException("batches " + batches + ": give at least 1");
        List<BatchNorm> norms = new ArrayList<>();
        collect(block, norms);
        List<NDArray> running = new ArrayList<>();
        for (BatchNorm bn : norms)
            for (var p : bn.getParameters())
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN || p.getValue().getType() == Parameter.Type.RUNNING_VAR)
                    running.add(p.getValue().getArray());
        double[][] sums = new double[running.size()][];
        for (int i = 0; i < sums.length; i++) sums[i] = new double[Math.toIntExact(running.get(i).size())];
        for (int k = 0; k < batches; k++) {
            for (NDArray r : running) r.set(new float[Math.toIntExact(r.size())]);
            try (NDManager sm = manager.newSubManager()) {
                block.forward(new ParameterStore(sm, false), new NDList(nextBatch.apply(sm)), true);
            }
            for (int i = 0; i < sums.length; i++) {
                float[] v = running.get(i).toFloatArray();
                for (int c = 0; c < v.length; c++) sums[i][c] += v[c];
            }
        }
        for (int i = 0; i < sums.length; i++) {
            float[] avg = new float[sums[i].length];
            for (int c = 0; c < avg.length; c++) avg[c] = (float) (sums[i][c] / (NEW_BATCH_WEIGHT * batches));
            running.get(i).set(avg);
        }
        return norms.size();
    }

    private static void collect(Block block, List<BatchNorm> into) {
        if (block instanceof BatchNorm bn) into.add(bn);
        for (Block child : block.getChildren().values()) collect(child, into);
    }

    /**
     * @param source the regressor (card) whose statistics are recomputed; its weights are not changed
     * @param seed the simulator seed of the batches (not the source's training or validation seed); the stamps are drawn
     *             from the prior on the source's card, the one it was trained for
     * @param name the new model, written as {@code outDir/name.json|.params}
     * @param batches batches averaged
     * @param batch stamps per batch: the source's training batch, so that each batch normalises as in training
     * @param averageOf weight files of the source's architecture (snapshots of one run) whose mean replaces the source's
     *                  weights before the statistics are recomputed ({@link WeightAverage}); empty to keep its weights
     */
    public record Options(Path source, long seed, String name, Path outDir, int batches, int batch,
                          long validationSeed, int validationSize, int threads, String command, List<Path> averageOf) {
        public Options {
            averageOf = averageOf == null ? List.of() : List.copyOf(averageOf);
        }
    }

    /** Writes a copy of the source regressor with precise statistics; prints its validation before and after. */
    public static ModelCard run(Options o, PrintStream log, BooleanSupplier cancelled) throws IOException {
        DjlRuntime.configureThreads(o.threads());
        ModelCard src = ModelCard.read(o.source());
        XceptionConfig x = src.architecture() == null ? null : src.architecture().xception();
        if (x == null)
            throw new IllegalArgumentException(src.name() + " is not an Xception regressor: only a regressor's BatchNorm statistics are recomputed here");
        Path out = o.outDir().resolve(o.name() + ".params");
        if (Files.exists(out) || Files.exists(o.outDir().resolve(o.name() + ".json")))
            throw new IOException("A model named " + o.name() + " already exists in " + o.outDir() + ": choose another name");
        if (src.prior() == null || src.prior().preset() == null)
            throw new IllegalArgumentException(src.name() + "'s card names no training prior, so there is nothing to draw its batches from");
        SimulationConfig data = SimulationConfig.of(Preset.parse(src.prior().preset()), o.seed()).withOutputs(true, false);
        InputEncoding enc = src.encoding();
        LabelScaling labels = src.labels();
        int s = enc.stampSize();
        Shape shape = new Shape(o.batch(), enc.channels(), s, s);
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE);
             GalaxyNetwork denoiser = denoiserOf(src)) {
            Block block = src.architecture().build();
            block.initialize(m, DataType.FLOAT32, shape);
            NetworkTrainer.copyWeightsInPlace(block, src.architecture(), shape, o.source().toAbsolutePath().getParent().resolve(src.weights()));
            List<TrainingSample> validation = TrainingSample.behind(denoiser,
                    new SampleStream(data.withSeed(o.validationSeed()), 0).take(o.validationSize()), log::println);
            Map<String, Double> before = RegressorMetrics.inInferenceMode(block, m, validation, enc, labels, x.outputs());
            log.printf(Locale.ROOT, "%s as trained:%s%n", src.name(), line(before));
            String weights = src.name() + "@" + src.sha256().substring(0, 12) + "'s";
            if (!o.averageOf().isEmpty()) {
                WeightAverage.average(block, src.architecture(), shape, o.averageOf());
                List<String> named = new ArrayList<>();
                for (Path f : o.averageOf()) named.add(f.getFileName() + "@" + Sha256.of(f).substring(0, 12));
                weights = "the mean of " + o.averageOf().size() + " snapshots' (" + String.join(", ", named) + ")";
                log.printf(Locale.ROOT, "Weights: the mean of %d snapshots (%s ... %s)%n", o.averageOf().size(),
                        o.averageOf().get(0).getFileName(), o.averageOf().get(o.averageOf().size() - 1).getFileName());
            }
            SampleStream stream = new SampleStream(data, 0);
            int[] done = {0};
            int layers = recompute(block, m, o.batches(), sm -> {
                if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException("cancelled");
                if (++done[0] % 50 == 0) log.printf(Locale.ROOT, "batch %d/%d%n", done[0], o.batches());
                TrainingBatch tb = TrainingBatch.of(TrainingSample.behind(denoiser, stream.take(o.batch()), log::println), enc, labels, false);
                return sm.create(tb.inputs(), new Shape(tb.size(), enc.channels(), s, s));
            });
            Map<String, Double> after = RegressorMetrics.inInferenceMode(block, m, validation, enc, labels, x.outputs());
            log.printf(Locale.ROOT, "%s, %d BatchNorms averaged over %d batches of %d:%s%n", o.name(), layers, o.batches(), o.batch(), line(after));
            Files.createDirectories(o.outDir());
            GalaxyNetwork.saveParameters(block, out);
            double wall = (System.nanoTime() - t0) / 1e9;
            ModelCard.TrainingRecord from = src.training();
            String what = "BatchNorm running statistics recomputed as the average over " + o.batches() + " training-mode batches of "
                    + o.batch() + " (seed " + o.seed() + "); every weight is " + weights;
            ModelCard.TrainingRecord t = new ModelCard.TrainingRecord(o.seed(), o.validationSeed(), o.validationSize(), o.batch(),
                    0, what, 0, 0, 0, (long) o.batches() * o.batch(), wall, 1, o.threads(), NetworkTrainer.machine(),
                    from == null ? what : from.loss(), o.command(), NetworkTrainer.version(), src.name() + "@" + src.sha256().substring(0, 12));
            // the spreads' calibration was measured with the old statistics: calibrate again
            ModelCard card = new ModelCard(o.name(), "djl", o.name() + ".params", Sha256.of(out), src.architecture(), enc, labels,
                    src.prior(), t, after, src.inputDenoiser(), null, src.views(), src.flux());
            card.write(o.outDir().resolve(o.name() + ".json"));
            return card;
        }
    }

    private static String line(Map<String, Double> metrics) {
        StringBuilder b = new StringBuilder();
        metrics.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.5g", k, v)));
        return b.toString();
    }

    /** The denoiser a pair's regressor was trained behind (the very weights its card names), or null. */
    private static GalaxyNetwork denoiserOf(ModelCard src) throws IOException {
        if (src.inputDenoiser() == null) return null;
        GalaxyNetwork d = GalaxyNetwork.load(org.galaxyparams.estimate.ModelLocator.resolve(src.inputDenoiser().name()), Device.cpu());
        String want = src.inputDenoiser().sha256();
        if (want != null && !want.equalsIgnoreCase(d.card().sha256())) {
            d.close();
            throw new IOException(src.name() + " was trained behind " + src.inputDenoiser().tag() + ", but " + src.inputDenoiser().name()
                    + " here is " + d.card().sha256().substring(0, 12) + "...: restore that denoiser first");
        }
        return d;
    }
}
