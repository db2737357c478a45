package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * mean over stamps and labels of ½ w<sub>k</sub> (y<sub>k</sub> − ŷ<sub>k</sub>)²: DJL's L2 loss with a weight per
 * label ({@link LabelWeights}). With every weight 1 it is DJL's {@code Loss.l2Loss()} term for term.
 */
final class WeightedL2Loss extends Loss {
    private final float[] weights;

    WeightedL2Loss(LabelWeights weights) {
        super("WeightedL2Loss");
        this.weights = weights.toFloats();
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.singletonOrThrow();
        NDArray y = labels.singletonOrThrow().reshape(pred.getShape());
        return y.sub(pred).square().mul(weighting(y, weights)).mul(0.5f).mean();
    }

    /** The weights as a (1, k) row that broadcasts over a batch of k labels. */
    static NDArray weighting(NDArray like, float[] weights) {
        return like.getManager().create(weights).reshape(1, weights.length);
    }
}
