package org.galaxyparams.train;

import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.StampSymmetry;

/**
 * A drawn sample as training uses it: the simulator's sample and, when a denoiser stands in front of the
 * regressor, the denoiser's output for its noisy stamp (counts), else null.
 */
record TrainingSample(Sample sample, float[] denoised) {
    static TrainingSample of(Sample s) { return new TrainingSample(s, null); }

    /** The stamp the network's image channels start from: the denoised one when the denoiser replaces the noisy stamp. */
    float[] image(boolean denoisedReplacesNoisy) { return denoisedReplacesNoisy && denoised != null ? denoised : sample.noisy(); }

    TrainingSample apply(StampSymmetry symmetry, int size) {
        return symmetry == StampSymmetry.IDENTITY ? this : new TrainingSample(symmetry.apply(sample, size), symmetry.apply(denoised, size));
    }
}
