package org.galaxyparams.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorCalibrationTest {
    /**
     * Gaussian errors of known deviation d, reported as 2 d for flux, d / 3 for n and d for the rest: the factors are
     * 0.5, 3 and 1 (within 3 % for 20,000 stamps: the 68th percentile of |z| has a standard error under 1 %), and
     * after scaling 2 errors cover 95.4 % as a Gaussian does.
     */
    @Test
    void scalesRecoverHowWrongGaussianErrorsAre() {
        int n = 20_000;
        SplittableRandom r = new SplittableRandom(11);
        double[][] truth = new double[n][5], est = new double[n][5], err = new double[n][5];
        double[] reported = {2, 1.0 / 3, 1, 1, 1};
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 5; k++) {
                double d = 0.5 + r.nextDouble() * 2; // each stamp its own deviation
                truth[i][k] = r.nextDouble();
                est[i][k] = truth[i][k] + d * r.nextGaussian();
                err[i][k] = reported[k] * d;
            }
        EvaluationSamples s = new EvaluationSamples("test", truth, est, new double[n], err);
        double[] q = ErrorCalibration.scales(s);
        for (int k = 0; k < 5; k++) assertEquals(1 / reported[k], q[k], 0.03 / reported[k], "label " + k);
        for (int i = 0; i < n; i++) for (int k = 0; k < 5; k++) err[i][k] *= q[k];
        double[] c1 = s.coverage(1), c2 = s.coverage(2);
        for (int k = 0; k < 5; k++) {
            assertEquals(ErrorCalibration.ONE_SIGMA, c1[k], 1e-3);
            assertEquals(0.9545, c2[k], 0.01);
        }
    }

    /** A stamp without errors never counts as covered, so it widens the others rather than being ignored. */
    @Test
    void stampsWithoutErrorsCountAsNotCovered() {
        double[][] truth = new double[10][5], est = new double[10][5], err = new double[10][5];
        for (int i = 0; i < 10; i++)
            for (int k = 0; k < 5; k++) {
                est[i][k] = i + 1; // |error| = i + 1
                err[i][k] = i < 3 ? Double.NaN : 1;
            }
        double[] q = ErrorCalibration.scales(new EvaluationSamples("t", truth, est, new double[10], err));
        // z = 4..10 for the 7 with errors, infinite for 3: the 7th of 10 sorted (ceil(6.83) = 7) is 10
        assertEquals(10, q[0], 1e-12);
    }
}
