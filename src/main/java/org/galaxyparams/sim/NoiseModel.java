package org.galaxyparams.sim;

import java.util.SplittableRandom;

/** SPEC noise: Poisson on the galaxy counts (sky 0, gain 1), then Gaussian read noise of standard deviation sigma. */
public final class NoiseModel {
    private NoiseModel() {}

    /** Noisy copy of a noiseless image; negative model counts (ringing) get no Poisson noise. */
    public static float[] addNoise(double[] noiseless, double sigma, SplittableRandom rng) {
        float[] out = new float[noiseless.length];
        for (int i = 0; i < noiseless.length; i++) {
            double m = noiseless[i];
            double counts = m > 0 ? PoissonSampler.sample(m, rng) : m;
            out[i] = (float) (counts + sigma * gaussian(rng));
        }
        return out;
    }

    /** sqrt(sum of noiseless pixel values squared) / sigma (SPEC section 1). */
    public static double snr(double[] noiseless, double sigma) {
        double s = 0;
        for (double v : noiseless) s += v * v;
        return Math.sqrt(s) / sigma;
    }

    /** Standard normal variate (Marsaglia polar method, one value per call). */
    public static double gaussian(SplittableRandom rng) {
        double u, v, s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
