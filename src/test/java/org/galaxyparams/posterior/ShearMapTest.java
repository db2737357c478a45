package org.galaxyparams.posterior;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShearMapTest {
    private final ShearMap map = new ShearMap(0.67);

    /** h uniform on the disk gives the study's prior: A = |g| uniform on [0, 0.67] (mean, quartiles), angle uniform. */
    @Test
    void uniformOnTheDiskIsTheStudysShearPrior() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_000, below = 0;
        double sumA = 0, sumCos = 0;
        for (int i = 0; i < n; i++) {
            double h1, h2;
            do {
                h1 = (2 * r.nextDouble() - 1) * 0.67;
                h2 = (2 * r.nextDouble() - 1) * 0.67;
            } while (Math.hypot(h1, h2) > 0.67);
            double[] g = map.shear(h1, h2);
            double a = Math.hypot(g[0], g[1]);
            sumA += a;
            if (a < 0.67 / 4) below++;
            sumCos += g[0] / a;
        }
        // standard errors: 0.67 / sqrt(12 n) = 4e-4 for the mean, 1e-3 for the fraction
        assertEquals(0.335, sumA / n, 2e-3);
        assertEquals(0.25, (double) below / n, 5e-3);
        assertEquals(0, sumCos / n, 5e-3);
    }

    @Test
    void inverseAndJacobianAgreeWithTheMap() {
        double[][] points = {{0.1, -0.2}, {-0.5, 0.05}, {0.3, 0.3}};
        for (double[] h : points) {
            double[] g = map.shear(h[0], h[1]);
            double[] back = map.fromShear(g[0], g[1]);
            assertArrayEquals(h, back, 1e-12);
            double[][] j = map.jacobian(h[0], h[1]);
            double e = 1e-6;
            for (int b = 0; b < 2; b++) {
                double[] hp = h.clone(), hm = h.clone();
                hp[b] += e;
                hm[b] -= e;
                double[] gp = map.shear(hp[0], hp[1]), gm = map.shear(hm[0], hm[1]);
                for (int a = 0; a < 2; a++) assertEquals((gp[a] - gm[a]) / (2 * e), j[a][b], 1e-8);
            }
        }
    }
}
