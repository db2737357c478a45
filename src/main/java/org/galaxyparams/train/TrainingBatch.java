package org.galaxyparams.train;

import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.sim.Sample;

import java.util.List;

/**
 * A batch ready for the network: encoded inputs (NCHW) and targets (scaled labels for a regressor,
 * scaled noiseless stamps for a denoiser), plus the samples' true labels for validation metrics; for an autoencoder,
 * also the scaled noiseless stamps ({@code images}, else null).
 */
record TrainingBatch(int size, float[] inputs, float[] targets, List<Sample> samples, float[] images) {

    /** Samples drawn without a denoiser in front. */
    static TrainingBatch ofSamples(List<Sample> samples, InputEncoding enc, LabelScaling labels, boolean denoiser) {
        return of(samples.stream().map(TrainingSample::of).toList(), enc, labels, denoiser);
    }

    /**
     * With a denoiser in front, its output is the denoised plane when the encoding has one, else it replaces the
     * noisy stamp.
     */
    static TrainingBatch of(List<TrainingSample> prepared, InputEncoding enc, LabelScaling labels, boolean denoiser) {
        return of(prepared, enc, labels, denoiser, false);
    }

    /** With {@code images}, a regressor's batch also carries the scaled noiseless stamps (autoencoder training). */
    static TrainingBatch of(List<TrainingSample> prepared, InputEncoding enc, LabelScaling labels, boolean denoiser, boolean images) {
        int n = prepared.size();
        int plane = enc.stampSize() * enc.stampSize();
        float[] in = new float[n * enc.channels() * plane];
        float[] target = new float[n * (denoiser ? plane : 5)];
        float[] noiseless = images && !denoiser ? new float[n * plane] : null;
        List<Sample> samples = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TrainingSample t = prepared.get(i);
            Sample s = t.sample();
            samples.add(s);
            enc.encode(t.image(!enc.denoisedPlane()), enc.denoisedPlane() ? t.denoised() : null, s.psfFwhm(), s.sigma(), in, i);
            if (denoiser) {
                for (int p = 0; p < plane; p++) target[i * plane + p] = (float) (s.noiseless()[p] * enc.imageScale());
            } else {
                System.arraycopy(labels.scale(s.params()), 0, target, i * 5, 5);
                if (noiseless != null) for (int p = 0; p < plane; p++) noiseless[i * plane + p] = (float) (s.noiseless()[p] * enc.imageScale());
            }
        }
        return new TrainingBatch(n, in, target, List.copyOf(samples), noiseless);
    }
}
