package org.galaxyparams.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.Sha256;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;

/**
 * Gives a trained regressor error bars without touching its answers: the last layer gets a spread row per label
 * (zero weights, bias log 0.05) and only those rows learn, by the Gaussian likelihood of the regressor's own errors
 * ({@link MeanAndSpreadLoss} with the mean term off). Everything else runs in inference mode (BatchNorm on its
 * running statistics, as at estimation) and requires no gradient, so the means are the source model's, weight for
 * weight, and the spreads read the very features the estimates come from. Adam on the spread rows, warm-up then
 * cosine decay, batches drawn from the simulator.
 */
public final class SpreadHeadTrainer {
    /**
     * @param source the regressor to extend (5 outputs)
     * @param data training draws (its seed is the training seed)
     * @param name the new model's name, written as {@code outDir/name.json|.params}
     */
    public record Options(Path source, SimulationConfig data, String presetId, String name, Path outDir, int steps, int batch,
                          float learningRate, long validationSeed, int validationSize, int threads, String command) {}

    private final Options o;
    private final PrintStream log;

    public SpreadHeadTrainer(Options options, PrintStream log) {
        this.o = options;
        this.log = log;
    }

    public ModelCard run(BooleanSupplier cancelled) throws IOException {
        DjlRuntime.configureThreads(o.threads());
        ModelCard src = ModelCard.read(o.source());
        XceptionConfig x = src.architecture() == null ? null : src.architecture().xception();
        if (x == null || x.outputs() != 5)
            throw new IllegalArgumentException(src.name() + " is not a 5-output regressor: only a regressor's means can get a spread head");
        Architecture arch = Architecture.of(x.withOutputs(10));
        InputEncoding enc = src.encoding();
        LabelScaling labels = src.labels();
        int s = enc.stampSize();
        Shape shape = new Shape(o.batch(), enc.channels(), s, s);
        long t0 = System.nanoTime();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
            Block block = arch.build();
            block.initialize(m, DataType.FLOAT32, shape);
            NetworkTrainer.copyWeightsInPlace(block, src.architecture(), shape, o.source().toAbsolutePath().getParent().resolve(src.weights()));
            var params = block.getParameters();
            NDArray w = params.get(params.size() - 2).getValue().getArray(), b = params.get(params.size() - 1).getValue().getArray();
            int features = (int) w.getShape().get(1);
            for (var p : params) p.getValue().getArray().setRequiresGradient(false);
            w.setRequiresGradient(true);
            b.setRequiresGradient(true);
            SpreadAdam adam = new SpreadAdam(w.toFloatArray(), b.toFloatArray(), features);
            SampleStream stream = new SampleStream(o.data().withOutputs(true, false), 0);
            List<Sample> validation = new SampleStream(o.data().withSeed(o.validationSeed()).withOutputs(true, false), 0).take(o.validationSize());
            MeanAndSpreadLoss loss = new MeanAndSpreadLoss(0f);
            int step = 0;
            for (; step < o.steps() && !cancelled.getAsBoolean(); step++) {
                TrainingBatch tb = TrainingBatch.ofSamples(stream.take(o.batch()), enc, labels, false);
                try (NDManager sm = m.newSubManager()) {
                    NDArray in = sm.create(tb.inputs(), new Shape(tb.size(), enc.channels(), s, s));
                    NDArray y = sm.create(tb.targets(), new Shape(tb.size(), 5));
                    float value;
                    try (GradientCollector gc = Engine.getEngine(DjlRuntime.ENGINE).newGradientCollector()) {
                        NDArray out = block.forward(new ParameterStore(sm, false), new NDList(in), false).singletonOrThrow();
                        NDArray l = loss.evaluate(new NDList(y), new NDList(out));
                        gc.backward(l);
                        value = l.getFloat();
                    }
                    NDArray gw = w.getGradient(), gb = b.getGradient();
                    adam.step(gw.toFloatArray(), gb.toFloatArray(), rate(step));
                    gw.muli(0);
                    gb.muli(0);
                    w.set(adam.weights());
                    b.set(adam.bias());
                    if ((step + 1) % 200 == 0)
                        log.printf(Locale.ROOT, "%s step %d/%d  loss %.5f  lr %.2e  %.0f img/s%n", o.name(), step + 1, o.steps(), value,
                                rate(step), (step + 1.0) * o.batch() / ((System.nanoTime() - t0) / 1e9));
                }
            }
            // RMSE per label (the source's means), likelihood loss and 1-sigma coverage of the spreads
            Map<String, Double> metrics = RegressorMetrics.inInferenceMode(block, m, validation.stream().map(TrainingSample::of).toList(), enc,
                    labels, 10);
            StringBuilder line = new StringBuilder();
            metrics.forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4g", k, v)));
            log.printf(Locale.ROOT, "%s validation after %d steps:%s%n", o.name(), step, line);
            Path weights = o.outDir().resolve(o.name() + ".params");
            java.nio.file.Files.createDirectories(o.outDir());
            GalaxyNetwork.saveParameters(block, weights);
            double wall = (System.nanoTime() - t0) / 1e9;
            ModelCard.TrainingRecord t = new ModelCard.TrainingRecord(o.data().seed(), o.validationSeed(), o.validationSize(), o.batch(),
                    o.learningRate(), "spread rows only (everything else frozen, inference mode): warm-up 100 steps, cosine to 5% at step "
                    + o.steps(), o.steps(), step, step, (long) step * o.batch(), wall, 1, o.threads(), NetworkTrainer.machine(),
                    "Gaussian likelihood of the spreads on the means of " + src.name() + "@" + src.sha256().substring(0, 12) + " (unchanged)",
                    o.command(), NetworkTrainer.version(), src.name() + "@" + src.sha256().substring(0, 12));
            ModelCard card = new ModelCard(o.name(), "djl", o.name() + ".params", Sha256.of(weights), arch, enc, labels, src.prior(), t,
                    metrics, src.inputDenoiser());
            card.write(o.outDir().resolve(o.name() + ".json"));
            return card;
        }
    }

    /** Warm-up over 100 steps, then cosine decay to 5 % at the last step. */
    private float rate(int step) {
        float warm = Math.min(1f, (step + 1) / 100f);
        double progress = Math.min(1.0, (double) step / Math.max(1, o.steps() - 1));
        return (float) (o.learningRate() * warm * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }


    /** Adam on the spread rows (5..9) of the last layer; the mean rows never change. */
    private static final class SpreadAdam {
        private final float[] w, b;
        private final int features;
        private final double[] mw, vw, mb, vb;
        private int t;

        SpreadAdam(float[] w, float[] b, int features) {
            this.w = w;
            this.b = b;
            this.features = features;
            mw = new double[5 * features];
            vw = new double[5 * features];
            mb = new double[5];
            vb = new double[5];
        }

        void step(float[] gw, float[] gb, float lr) {
            t++;
            double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < 5 * features; i++) {
                int at = 5 * features + i; // rows 5..9
                mw[i] = 0.9 * mw[i] + 0.1 * gw[at];
                vw[i] = 0.999 * vw[i] + 0.001 * gw[at] * gw[at];
                w[at] -= (float) (lr * (mw[i] / c1) / (Math.sqrt(vw[i] / c2) + 1e-8));
            }
            for (int i = 0; i < 5; i++) {
                mb[i] = 0.9 * mb[i] + 0.1 * gb[5 + i];
                vb[i] = 0.999 * vb[i] + 0.001 * gb[5 + i] * gb[5 + i];
                b[5 + i] -= (float) (lr * (mb[i] / c1) / (Math.sqrt(vb[i] / c2) + 1e-8));
            }
        }

        float[] weights() { return w; }

        float[] bias() { return b; }
    }
}
