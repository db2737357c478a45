package org.galaxyparams.eval;

import java.util.Arrays;

/**
 * Scale factors that make predicted errors cover as Gaussian errors do: for each label, the 68.27th percentile of
 * |estimate − truth| / err over a fresh set. Multiplying that label's errors by it puts exactly 68.27 % of the set
 * within one error; whether 2 errors then cover 95.45 % depends on the tails, and is checked, not assumed.
 */
public final class ErrorCalibration {
    /** Fraction of a Gaussian within one standard deviation. */
    public static final double ONE_SIGMA = 0.682689492;

    private ErrorCalibration() {}

    /** Per label: the factor by which the errors of {@code s} must be multiplied (NaN rows count as not covered). */
    public static double[] scales(EvaluationSamples s) {
        if (s.errors() == null) throw new IllegalArgumentException(s.set() + ": the estimator gives no errors to calibrate");
        double[] out = new double[5];
        for (int k = 0; k < 5; k++) {
            double[] z = new double[s.count()];
            for (int i = 0; i < z.length; i++) {
                double r = Math.abs(s.estimate()[i][k] - s.truth()[i][k]) / s.errors()[i][k];
                z[i] = Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
            }
            Arrays.sort(z);
            // the smallest factor with at least ONE_SIGMA of the set within it
            int at = (int) Math.ceil(ONE_SIGMA * z.length) - 1;
            out[k] = z[Math.max(0, at)];
        }
        return out;
    }
}
