package org.galaxyparams.sim;

import java.util.SplittableRandom;

/** Exact Poisson variates: inversion for small means, Hoermann's PTRS (1993) for means of 10 and more. */
public final class PoissonSampler {
    private PoissonSampler() {}

    public static long sample(double mean, SplittableRandom rng) {
        if (!(mean > 0)) return 0;
        if (mean < 10) return inversion(mean, rng);
        return ptrs(mean, rng);
    }

    private static long inversion(double mean, SplittableRandom rng) {
        double p = Math.exp(-mean), cdf = p, u = rng.nextDouble();
        long k = 0;
        while (u > cdf && k < 1000) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    private static long ptrs(double mean, SplittableRandom rng) {
        double slam = Math.sqrt(mean), logLam = Math.log(mean);
        double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5, v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logLam - logFactorial(k)) {
                return k;
            }
        }
    }

    private static double logFactorial(long k) {
        return org.apache.commons.math3.special.Gamma.logGamma(k + 1.0);
    }
}
