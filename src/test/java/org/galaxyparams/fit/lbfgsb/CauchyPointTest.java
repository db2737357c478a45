package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.TestProblems.INF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The generalized Cauchy point against a brute-force walk along the projected path with the dense matrix B:
 * on each segment of x(t) = P(x - t g) the model m(t) = g^T z + z^T B z / 2 (z = x(t) - x) is a quadratic in t,
 * evaluated directly from z rather than by the incremental updates of the algorithm.
 */
class CauchyPointTest {

    private static double model(double[] g, double[][] b, double[] z) {
        return DenseAlgebra.dot(g, z) + 0.5 * DenseAlgebra.dot(z, DenseAlgebra.multiply(b, z));
    }

    private static double[] pathPoint(double[] x, double[] g, Box box, double t) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) p[i] = box.clamp(i, x[i] - t * g[i]);
        return p;
    }

    /** First local minimizer of m along the path, by scanning segments with the dense B. */
    private static double[] bruteForceCauchy(double[] x, double[] g, Box box, double[][] b) {
        int n = x.length;
        double[] ts = new double[n + 1];
        int k = 0;
        ts[k++] = 0;
        for (int i = 0; i < n; i++) {
            double t = g[i] < 0 ? (x[i] - box.upper[i]) / g[i] : g[i] > 0 ? (x[i] - box.lower[i]) / g[i] : INF;
            if (t > 0 && t < INF) ts[k++] = t;
        }
        double[] breaks = Arrays.copyOf(ts, k);
        Arrays.sort(breaks);
        for (int j = 0; j < breaks.length; j++) {
            double t0 = breaks[j], t1 = j + 1 < breaks.length ? breaks[j + 1] : INF;
            if (t1 == t0) continue;
            double[] p0 = pathPoint(x, g, box, t0);
            // direction of the path on this segment: -g on variables not yet at a bound
            double tMid = t1 == INF ? t0 + 1 : 0.5 * (t0 + t1);
            double[] pm = pathPoint(x, g, box, tMid);
            double[] dir = new double[n];
            boolean moving = false;
            for (int i = 0; i < n; i++) {
                dir[i] = (pm[i] - p0[i]) / (tMid - t0);
                moving |= dir[i] != 0;
            }
            if (!moving) return p0;
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = p0[i] - x[i];
            double[] gz = DenseAlgebra.multiply(b, z);
            for (int i = 0; i < n; i++) gz[i] += g[i];
            double slope = DenseAlgebra.dot(gz, dir);
            double curv = DenseAlgebra.dot(dir, DenseAlgebra.multiply(b, dir));
            if (slope >= 0) return p0;
            double tStar = t0 - slope / curv;
            if (tStar < t1) return pathPoint(x, g, box, tStar);
        }
        throw new AssertionError("path has no minimizer");
    }

    private static LimitedMemoryBfgs memoryWithPairs(Random rnd, int n, int pairs) {
        LimitedMemoryBfgs mem = new LimitedMemoryBfgs(n, 10);
        double[][][] p = LimitedMemoryBfgsTest.randomPairs(rnd, n, pairs);
        for (int k = 0; k < pairs; k++) mem.update(p[0][k], p[1][k]);
        return mem;
    }

    @Test
    void matchesBruteForceOnRandomProblems() {
        Random rnd = new Random(8);
        int checked = 0, withBreakpointsPassed = 0;
        for (int rep = 0; rep < 200; rep++) {
            int n = 2 + rnd.nextInt(9);
            LimitedMemoryBfgs mem = memoryWithPairs(rnd, n, rnd.nextInt(5));
            double[][] b = LimitedMemoryBfgsTest.compactAsDense(mem, n);
            double[] lo = new double[n], hi = new double[n], x = new double[n], g = new double[n];
            for (int i = 0; i < n; i++) {
                lo[i] = rnd.nextDouble() < 0.2 ? -INF : -rnd.nextDouble();
                hi[i] = rnd.nextDouble() < 0.2 ? INF : rnd.nextDouble();
                double r = rnd.nextDouble();
                // some variables start on a bound
                x[i] = r < 0.15 && lo[i] > -INF ? lo[i] : r < 0.3 && hi[i] < INF ? hi[i] : 0.8 * Math.max(-1, lo[i]) * rnd.nextDouble()
                        + 0.8 * Math.min(1, hi[i]) * rnd.nextDouble();
                g[i] = 3 * rnd.nextGaussian();
            }
            Box box = Box.of(n, lo, hi);
            CauchyPoint cp = CauchyPoint.compute(x, g, box, mem);
            double[] expected = bruteForceCauchy(x, g, box, b);
            assertArrayEquals(expected, cp.point, 1e-9, "rep " + rep);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = cp.point[i] - x[i];
            assertArrayEquals(mem.wTransposeTimes(z), cp.c, 1e-9, "c = W^T (xc - x), rep " + rep);
            // free variables are exactly those strictly inside their bounds at the Cauchy point
            int free = 0;
            for (int i = 0; i < n; i++) if (lo[i] < cp.point[i] && cp.point[i] < hi[i]) free++;
            assertEquals(free, cp.freeVariables.length);
            // model decreases from x to the Cauchy point and does not decrease just beyond it along the path
            double mc = model(g, b, z);
            assertTrue(mc <= 1e-12, "model must not increase");
            checked++;
            for (int i = 0; i < n; i++) if (x[i] != cp.point[i] && (cp.point[i] == lo[i] || cp.point[i] == hi[i])) {
                withBreakpointsPassed++;
                break;
            }
        }
        assertEquals(200, checked);
        assertTrue(withBreakpointsPassed > 50, "too few cases cross a breakpoint: " + withBreakpointsPassed);
    }

    @Test
    void withoutCorrectionPairsTheCauchyPointIsTheProjectedGradientStep() {
        // B = I: the model is separable and its minimizer over the box P(x - g) lies on the path at t = 1
        double[] x = {0, 0.5, -0.5, 0.9}, g = {2, -0.3, 0.1, -5};
        Box box = Box.of(4, new double[]{-1, -1, -1, -1}, new double[]{1, 1, 1, 1});
        CauchyPoint cp = CauchyPoint.compute(x, g, box, new LimitedMemoryBfgs(4, 5));
        assertArrayEquals(new double[]{-1, 0.8, -0.6, 1}, cp.point, 1e-14);
        assertArrayEquals(new int[]{1, 2}, cp.freeVariables);
    }

    @Test
    void variablesOnABoundWithOutwardGradientDoNotMove() {
        double[] x = {1, -1, 0}, g = {-1, 1, 1};
        Box box = Box.of(3, new double[]{-1, -1, -1}, new double[]{1, 1, 1});
        CauchyPoint cp = CauchyPoint.compute(x, g, box, new LimitedMemoryBfgs(3, 5));
        assertEquals(1, cp.point[0], 0);
        assertEquals(-1, cp.point[1], 0);
        assertEquals(-1, cp.point[2], 0); // reaches its bound at t = 1
        assertEquals(0, cp.freeVariables.length);
    }

    @Test
    void zeroProjectedGradientLeavesXUnchanged() {
        double[] x = {1, 0.2}, g = {-3, 0};
        Box box = Box.of(2, new double[]{0, 0}, new double[]{1, 1});
        CauchyPoint cp = CauchyPoint.compute(x, g, box, new LimitedMemoryBfgs(2, 5));
        assertArrayEquals(x, cp.point, 0);
        assertArrayEquals(new int[]{1}, cp.freeVariables);
    }
}
