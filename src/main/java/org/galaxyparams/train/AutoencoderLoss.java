package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Loss of the {@link ConditionalAutoencoder}: ½ mean (y − ŷ)² over the scaled labels, plus {@code weight} times
 * ½ mean (I − Î)² over the pixels of the noiseless stamp in the input's image units (counts x imageScale). Labels:
 * (labels, noiseless stamp); predictions: (labels, reconstructed stamp).
 */
public final class AutoencoderLoss extends Loss {
    private final float weight;

    public AutoencoderLoss(float weight) {
        super("AutoencoderLoss");
        if (!(weight > 0)) throw new IllegalArgumentException("reconstruction weight " + weight + ": give a value > 0");
        this.weight = weight;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray labelTerm = labels.get(0).sub(predictions.get(0)).square().mean().mul(0.5f);
        NDArray imageTerm = labels.get(1).sub(predictions.get(1)).square().mean().mul(0.5f * weight);
        return labelTerm.add(imageTerm);
    }
}
