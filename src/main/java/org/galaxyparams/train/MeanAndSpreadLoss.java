package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.galaxyparams.net.LabelScaling;

/**
 * Loss of a regressor that predicts, per label, a mean and the log of a standard deviation (10 outputs: the 5
 * scaled means, then the 5 log-deviations in the same scaled units).
 *
 * <p>loss = mean(½ (y − μ)²) + mean(½ (y − sg(μ))² e<sup>−2s</sup> + s), where sg stops the gradient. The first
 * term is exactly the plain regressor's L2 loss, so the means learn as they would without the spread head; the
 * second is the Gaussian negative log-likelihood (up to ½ log 2π), which only moves the spread s = log σ. Its
 * minimum over s is at σ² = E[(y − μ)² | image]: the head learns the expected squared error of its own mean, which
 * is what an error bar should be. Sharing μ's gradient with the likelihood instead lets the network buy a small
 * loss by declaring hard images noisy and fitting them less well (the known failure of plain NLL training).
 */
public final class MeanAndSpreadLoss extends Loss {
    private final float meanWeight;
    private final float[] labelWeights;

    public MeanAndSpreadLoss() { this(1f); }

    /** With {@code meanWeight} 0 the loss is the likelihood alone: only the spreads learn (a head on frozen means). */
    public MeanAndSpreadLoss(float meanWeight) { this(meanWeight, LabelWeights.EQUAL); }

    /** The means' L2 term weighted per label as {@link WeightedL2Loss} does; the likelihood term is not weighted. */
    public MeanAndSpreadLoss(float meanWeight, LabelWeights labelWeights) {
        super("MeanAndSpreadLoss");
        this.meanWeight = meanWeight;
        this.labelWeights = labelWeights.isEqual() ? null : labelWeights.toFloats();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray y = labels.singletonOrThrow();
        NDArray out = predictions.singletonOrThrow();
        int k = (int) y.getShape().get(1);
        NDArray mean = out.get(":, 0:" + k);
        NDArray logSpread = out.get(":, " + k + ":" + 2 * k).clip(LabelScaling.LOG_SPREAD_MIN, LabelScaling.LOG_SPREAD_MAX);
        NDArray err = y.sub(mean);
        NDArray sq = err.square();
        if (labelWeights != null) sq = sq.mul(WeightedL2Loss.weighting(sq, labelWeights));
        NDArray meanTerm = sq.mul(0.5f * meanWeight).mean();
        NDArray frozen = y.sub(mean.stopGradient()).square();
        NDArray nll = frozen.mul(logSpread.mul(-2f).exp()).mul(0.5f).add(logSpread).mean();
        return meanTerm.add(nll);
    }
}
