package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.sim.GalaxyParams;

/**
 * A regressor's validation metrics, accumulated stamp by stamp: RMSE per label in original units, and for a network
 * with spreads the Gaussian negative log-likelihood in scaled units (½ log 2π left out) and the 1-sigma coverage.
 * The loss early stopping watches is the likelihood when there are spreads (a proper score of means and spreads
 * together), else the sum over labels of w<sub>k</sub> (RMSE / range)², with the training run's {@link LabelWeights}.
 */
final class RegressorMetrics {
    private final LabelScaling labels;
    private final LabelWeights weights;
    private final double[] sq = new double[5], nll = new double[5], covered = new double[5];
    private boolean spreads;
    private int n;

    RegressorMetrics(LabelScaling labels) { this(labels, LabelWeights.EQUAL); }

    RegressorMetrics(LabelScaling labels, LabelWeights weights) {
        this.labels = labels;
        this.weights = weights;
    }

    /** One stamp: outputs {@code out[offset..]} (5 scaled means, then 5 log-spreads when {@code per} is 10). */
    void add(float[] out, int offset, int per, double[] truth) {
        double[] est = labels.unscale(out, offset);
        double[] spread = per == 10 ? labels.unscaleSpread(out, offset + 5) : null;
        spreads = spread != null;
        n++;
        for (int k = 0; k < 5; k++) {
            double d = est[k] - truth[k];
            sq[k] += d * d;
            if (spread == null) continue;
            double z = d / spread[k];
            nll[k] += 0.5 * z * z + Math.log(2 * spread[k] / (labels.max()[k] - labels.min()[k]));
            if (Math.abs(z) < 1) covered[k]++;
        }
    }

    /** RMSE per label, coverage per label when there are spreads, and "loss". */
    Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        double loss = 0, likelihood = 0;
        for (int k = 0; k < 5; k++) {
            double rmse = Math.sqrt(sq[k] / n), range = labels.max()[k] - labels.min()[k];
            loss += weights.get(k) * (rmse / range) * (rmse / range);
            likelihood += nll[k] / n;
            m.put(GalaxyParams.LABELS[k], rmse);
        }
        if (spreads) for (int k = 0; k < 5; k++) m.put(GalaxyParams.LABELS[k] + "_cover1", covered[k] / n);
        m.put("loss", spreads ? likelihood : loss);
        return m;
    }

    /**
     * The metrics of {@code block}'s outputs ({@code per} per stamp) on {@code samples}, run in inference mode
     * (BatchNorm on its running statistics, as at estimation), 64 stamps at a time.
     */
    static Map<String, Double> inInferenceMode(Block block, NDManager m, List<TrainingSample> samples, InputEncoding enc,
                                               LabelScaling labels, int per) {
        int s = enc.stampSize();
        RegressorMetrics metrics = new RegressorMetrics(labels);
        for (int from = 0; from < samples.size(); from += 64) {
            List<TrainingSample> part = samples.subList(from, Math.min(samples.size(), from + 64));
            TrainingBatch tb = TrainingBatch.of(part, enc, labels, false);
            float[] out;
            try (NDManager sm = m.newSubManager()) {
                NDArray in = sm.create(tb.inputs(), new Shape(tb.size(), enc.channels(), s, s));
                out = block.forward(new ParameterStore(sm, false), new NDList(in), false).singletonOrThrow().toFloatArray();
            }
            for (int i = 0; i < part.size(); i++) metrics.add(out, i * per, per, part.get(i).sample().params().toArray());
        }
        return metrics.metrics();
    }
}
