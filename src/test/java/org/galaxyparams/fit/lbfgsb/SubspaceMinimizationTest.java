package org.galaxyparams.fit.lbfgsb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/** The direct primal subspace step against a dense solve of the reduced Newton system. */
class SubspaceMinimizationTest {

    @Test
    void unclippedStepSolvesTheReducedSystem() {
        Random rnd = new Random(9);
        int cases = 0;
        for (int rep = 0; rep < 100; rep++) {
            int n = 3 + rnd.nextInt(8);
            LimitedMemoryBfgs mem = new LimitedMemoryBfgs(n, 10);
            double[][][] p = LimitedMemoryBfgsTest.randomPairs(rnd, n, 1 + rnd.nextInt(5));
            for (int k = 0; k < p[0].length; k++) mem.update(p[0][k], p[1][k]);
            double[][] b = LimitedMemoryBfgsTest.compactAsDense(mem, n);
            double[] x = new double[n], g = new double[n], lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextGaussian();
                g[i] = rnd.nextGaussian();
                // some variables end at a bound along the path, the rest get a very wide box
                boolean tight = rnd.nextDouble() < 0.3;
                lo[i] = tight ? x[i] - 0.01 : x[i] - 1e6;
                hi[i] = tight ? x[i] + 0.01 : x[i] + 1e6;
            }
            Box box = Box.of(n, lo, hi);
            CauchyPoint cp = CauchyPoint.compute(x, g, box, mem);
            int[] free = cp.freeVariables;
            if (free.length == 0) continue;
            // reduced system: (Z^T B Z) du = -Z^T (g + B (xc - x))
            double[] z = new double[n];
            for (int i = 0; i < n; i++) z[i] = cp.point[i] - x[i];
            double[] rFull = DenseAlgebra.multiply(b, z);
            double[][] bff = new double[free.length][free.length];
            double[] rhs = new double[free.length];
            for (int a = 0; a < free.length; a++) {
                rhs[a] = -(g[free[a]] + rFull[free[a]]);
                for (int c = 0; c < free.length; c++) bff[a][c] = b[free[a]][free[c]];
            }
            double[] du = new LUDecomposition(new Array2DRowRealMatrix(bff)).getSolver().solve(new ArrayRealVector(rhs)).toArray();
            double[] expected = cp.point.clone();
            boolean inside = true;
            for (int a = 0; a < free.length; a++) {
                expected[free[a]] += du[a];
                inside &= expected[free[a]] > lo[free[a]] && expected[free[a]] < hi[free[a]];
            }
            if (!inside) continue;
            double[] target = SubspaceMinimization.target(x, g, cp, box, mem);
            assertArrayEquals(expected, target, 1e-8 * (1 + maxAbs(expected)), "rep " + rep);
            cases++;
        }
        assertTrue(cases > 50, "too few unclipped cases: " + cases);
    }

    @Test
    void clippedStepStaysFeasibleAndPointsDownhill() {
        Random rnd = new Random(10);
        int clipped = 0;
        for (int rep = 0; rep < 200; rep++) {
            int n = 3 + rnd.nextInt(8);
            LimitedMemoryBfgs mem = new LimitedMemoryBfgs(n, 10);
            double[][][] p = LimitedMemoryBfgsTest.randomPairs(rnd, n, 1 + rnd.nextInt(5));
            for (int k = 0; k < p[0].length; k++) mem.update(p[0][k], p[1][k]);
            double[] x = new double[n], g = new double[n], lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                lo[i] = -0.1 - 0.2 * rnd.nextDouble();
                hi[i] = 0.1 + 0.2 * rnd.nextDouble();
                x[i] = lo[i] + (hi[i] - lo[i]) * rnd.nextDouble();
                g[i] = rnd.nextGaussian();
            }
            Box box = Box.of(n, lo, hi);
            CauchyPoint cp = CauchyPoint.compute(x, g, box, mem);
            double[] target = SubspaceMinimization.target(x, g, cp, box, mem);
            double slope = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(target[i] >= lo[i] && target[i] <= hi[i], "infeasible target, rep " + rep);
                slope += g[i] * (target[i] - x[i]);
            }
            assertTrue(slope < 0, "not a descent direction, rep " + rep);
            // variables fixed at the Cauchy point stay there
            boolean[] isFree = new boolean[n];
            for (int i : cp.freeVariables) isFree[i] = true;
            for (int i = 0; i < n; i++) if (!isFree[i]) assertTrue(target[i] == cp.point[i]);
            for (int i : cp.freeVariables) if (target[i] == lo[i] || target[i] == hi[i]) { clipped++; break; }
        }
        assertTrue(clipped > 20, "too few clipped cases: " + clipped);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double a : v) m = Math.max(m, Math.abs(a));
        return m;
    }
}
