package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SersicTransformTableTest {

    @Test
    void gaussianCaseMatchesAnalyticTransform() {
        double sigma = 1 / Math.sqrt(2 * Math.log(2)); // n = 0.5 is a Gaussian with hlr 1
        for (double q : new double[] {0.01, 0.1, 0.5, 1, 2, 4, 6}) {
            double expected = Math.exp(-q * q * sigma * sigma / 2);
            assertEquals(expected, SersicTransformTable.exactValue(0.5, q), 1e-9, "q=" + q);
        }
    }

    @Test
    void exponentialCaseMatchesAnalyticTransform() {
        double rs = 1 / SersicProfile.solveB(1.0); // n = 1: I ~ exp(-r / rs)
        for (double q : new double[] {0.01, 0.1, 0.5, 1, 3, 10, 50, 200}) {
            double expected = Math.pow(1 + q * q * rs * rs, -1.5);
            assertEquals(expected, SersicTransformTable.exactValue(1.0, q), 1e-9, "q=" + q);
        }
    }

    @Test
    void tableInterpolatedInNAgreesWithDirectTransform() {
        SersicTransformTable table = SersicTransformTable.shared();
        SplittableRandom rng = new SplittableRandom(7);
        double worst = 0;
        double[] row = new double[SersicTransformTable.U_POINTS];
        for (int trial = 0; trial < 40; trial++) {
            double n = 0.5 + 5.5 * rng.nextDouble();
            table.interpolateInN(n, row);
            for (int s = 0; s < 30; s++) {
                double u = rng.nextDouble() * 12;
                double q = u * u;
                int i = (int) (u / SersicTransformTable.DU);
                double t = u / SersicTransformTable.DU - i;
                double[] w = SersicTransformTable.lagrange4(t + 1);
                double lin = i == 0 ? row[0] * (1 - t) + row[1] * t
                        : w[0] * row[i - 1] + w[1] * row[i] + w[2] * row[i + 1] + w[3] * row[i + 2];
                double exact = q < 1e-3 ? 1 - 0 : SersicTransformTable.exactValue(n, q);
                if (q >= 1e-3) worst = Math.max(worst, Math.abs(lin - exact));
            }
        }
        assertTrue(worst < 5e-7, "worst table error " + worst);
    }
}
