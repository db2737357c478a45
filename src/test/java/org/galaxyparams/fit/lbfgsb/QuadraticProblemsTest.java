package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.TestProblems.INF;
import static org.galaxyparams.fit.lbfgsb.TestProblems.assertKkt;
import static org.galaxyparams.fit.lbfgsb.TestProblems.filled;
import static org.galaxyparams.fit.lbfgsb.TestProblems.maxAbsDiff;
import static org.galaxyparams.fit.lbfgsb.TestProblems.report;
import static org.galaxyparams.fit.lbfgsb.TestProblems.tight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.galaxyparams.fit.lbfgsb.TestProblems.Quadratic;
import org.junit.jupiter.api.Test;

/**
 * Quadratics f = 1/2 x^T A x - b^T x with SPD A and known solutions. Eigenvalues lie in [1, 100] (or [0.5, 50] for
 * the diagonal cases), so stopping at ||pg||_inf <= 1e-7 bounds the error by sqrt(n) 1e-7 / lambda_min < 1e-6 on the
 * free variables, and data are of unit scale so that 1e-7 lies above the rounding-noise floor of f.
 */
class QuadraticProblemsTest {
    private static final double PGTOL = 1e-7;

    private static double[][] diagonal(double... d) {
        double[][] a = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) a[i][i] = d[i];
        return a;
    }

    private static double[] randomVector(Random rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = scale * rnd.nextGaussian();
        return v;
    }

    @Test
    void diagonalUnboundedMatchesInverseTimesB() {
        double[] diag = {1, 3, 10, 30, 100, 0.5};
        Quadratic q = new Quadratic(diagonal(diag), new double[]{1, -2, 3, -4, 5, -6});
        double[] expected = new double[diag.length];
        for (int i = 0; i < diag.length; i++) expected[i] = q.b()[i] / diag[i];
        LbfgsbResult r = Lbfgsb.minimize(q, new double[diag.length], null, null, tight(PGTOL));
        report("diagonal n=6 unbounded", r);
        assertTrue(r.converged(), r.toString());
        assertTrue(maxAbsDiff(r.x(), expected) < 1e-6, "error " + maxAbsDiff(r.x(), expected));
        assertEquals(q.value(expected), r.value(), 1e-12);
    }

    @Test
    void denseUnboundedMatchesInverseTimesB() {
        Random rnd = new Random(11);
        for (int n : new int[]{3, 10, 40}) {
            Quadratic q = new Quadratic(TestProblems.randomSpd(rnd, n, 1, 100), randomVector(rnd, n, 1));
            double[] expected = q.unconstrainedMinimizer();
            LbfgsbResult r = Lbfgsb.minimize(q, randomVector(rnd, n, 1), null, null, tight(PGTOL));
            report("dense SPD n=" + n + " cond=1e2 unbounded", r);
            assertTrue(r.converged(), r.toString());
            assertTrue(maxAbsDiff(r.x(), expected) < 1e-6, "n=" + n + " error " + maxAbsDiff(r.x(), expected));
        }
    }

    @Test
    void denseWithFiniteButInactiveBoundsMatchesInverseTimesB() {
        // exercises the bounded code path (Cauchy point and subspace step) without active bounds
        Random rnd = new Random(12);
        int n = 15;
        Quadratic q = new Quadratic(TestProblems.randomSpd(rnd, n, 1, 100), randomVector(rnd, n, 1));
        double[] expected = q.unconstrainedMinimizer();
        double[] lower = new double[n], upper = new double[n];
        for (int i = 0; i < n; i++) {
            lower[i] = expected[i] - 1 - rnd.nextDouble();
            upper[i] = expected[i] + 1 + rnd.nextDouble();
        }
        LbfgsbResult r = Lbfgsb.minimize(q, lower.clone(), lower, upper, tight(PGTOL));
        report("dense SPD n=15 inactive box, start at corner", r);
        assertTrue(r.converged(), r.toString());
        assertTrue(maxAbsDiff(r.x(), expected) < 1e-6, "error " + maxAbsDiff(r.x(), expected));
    }

    /**
     * Builds a problem whose constrained solution is known: choose x*, the active set and positive multipliers,
     * then g* = grad f(x*) with g*_i = 0 (interior), > 0 (at lower), < 0 (at upper); f = 1/2 e^T A e + g*^T e with
     * e = x - x*, i.e. b = A x* - g* in the expanded form. Strict convexity makes x* the unique minimizer.
     */
    private static void checkConstructedKkt(Random rnd, double[][] a, String name) {
        int n = a.length;
        double[] xStar = new double[n], gStar = new double[n], lower = new double[n], upper = new double[n];
        for (int i = 0; i < n; i++) {
            xStar[i] = rnd.nextGaussian();
            int kind = i % 3; // 0 interior, 1 at lower, 2 at upper
            double mu = 0.1 + rnd.nextDouble();
            switch (kind) {
                case 0 -> { lower[i] = xStar[i] - 1 - rnd.nextDouble(); upper[i] = i % 2 == 0 ? INF : xStar[i] + 1; }
                case 1 -> { lower[i] = xStar[i]; upper[i] = xStar[i] + 2; gStar[i] = mu; }
                default -> { lower[i] = i % 2 == 0 ? -INF : xStar[i] - 3; upper[i] = xStar[i]; gStar[i] = -mu; }
            }
        }
        Objective q = new TestProblems.CenteredQuadratic(a, xStar, gStar);
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = Math.min(upper[i], Math.max(lower[i], 3 * rnd.nextGaussian()));
        LbfgsbResult r = Lbfgsb.minimize(q, x0, lower, upper, tight(1e-9));
        report(name, r);
        assertTrue(r.converged(), r.toString());
        assertTrue(maxAbsDiff(r.x(), xStar) < 1e-6, name + ": error " + maxAbsDiff(r.x(), xStar));
        assertKkt(q, r.x(), lower, upper, 1e-8);
        // the active set is identified exactly: active variables sit on their bounds
        for (int i = 0; i < n; i++) {
            if (i % 3 == 1) assertEquals(lower[i], r.x()[i], 0.0, name + ": variable " + i + " should be at lower");
            if (i % 3 == 2) assertEquals(upper[i], r.x()[i], 0.0, name + ": variable " + i + " should be at upper");
        }
        assertEquals(0.0, r.value(), 1e-12, "f(x*) = 0 in the centred form");
    }

    @Test
    void diagonalWithActiveBoundsMatchesConstructedSolution() {
        Random rnd = new Random(21);
        double[] d = new double[12];
        for (int i = 0; i < d.length; i++) d[i] = 0.5 + 49.5 * rnd.nextDouble();
        checkConstructedKkt(rnd, diagonal(d), "diagonal n=12 with active bounds");
    }

    @Test
    void denseWithActiveBoundsMatchesConstructedSolution() {
        Random rnd = new Random(22);
        for (int n : new int[]{6, 12, 30}) checkConstructedKkt(rnd, TestProblems.randomSpd(rnd, n, 1, 100),
                "dense n=" + n + " with active bounds");
    }

    @Test
    void smallProblemMatchesActiveSetEnumeration() {
        // independent check by brute force: for n = 4 try all 3^4 active-set patterns, solve the reduced
        // system exactly, and keep the feasible pattern satisfying KKT
        Random rnd = new Random(23);
        for (int rep = 0; rep < 10; rep++) {
            int n = 4;
            Quadratic q = new Quadratic(TestProblems.randomSpd(rnd, n, 0.5, 20), randomVector(rnd, n, 4));
            double[] lower = filled(n, -1), upper = filled(n, 1);
            double[] expected = enumerateActiveSets(q, lower, upper);
            LbfgsbResult r = Lbfgsb.minimize(q, new double[n], lower, upper, tight(PGTOL));
            assertTrue(r.converged(), r.toString());
            assertTrue(maxAbsDiff(r.x(), expected) < 1e-6, "rep " + rep + ": error " + maxAbsDiff(r.x(), expected));
            assertKkt(q, r.x(), lower, upper, 1e-6);
        }
    }

    private static double[] enumerateActiveSets(Quadratic q, double[] lower, double[] upper) {
        int n = lower.length;
        int patterns = (int) Math.pow(3, n);
        for (int p = 0; p < patterns; p++) {
            int[] state = new int[n]; // 0 free, 1 lower, 2 upper
            for (int i = 0, v = p; i < n; i++, v /= 3) state[i] = v % 3;
            double[] x = new double[n];
            int nf = 0;
            for (int i = 0; i < n; i++) {
                if (state[i] == 1) x[i] = lower[i];
                else if (state[i] == 2) x[i] = upper[i];
                else nf++;
            }
            if (nf > 0) {
                int[] free = new int[nf];
                for (int i = 0, k = 0; i < n; i++) if (state[i] == 0) free[k++] = i;
                double[][] af = new double[nf][nf];
                double[] rhs = new double[nf];
                for (int r = 0; r < nf; r++) {
                    rhs[r] = q.b()[free[r]];
                    for (int j = 0; j < n; j++) if (state[j] != 0) rhs[r] -= q.a()[free[r]][j] * x[j];
                    for (int c = 0; c < nf; c++) af[r][c] = q.a()[free[r]][free[c]];
                }
                double[] sol = new org.apache.commons.math3.linear.LUDecomposition(
                        new org.apache.commons.math3.linear.Array2DRowRealMatrix(af)).getSolver()
                        .solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
                for (int r = 0; r < nf; r++) x[free[r]] = sol[r];
            }
            double[] g = q.gradient(x);
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                if (state[i] == 0) ok = x[i] > lower[i] - 1e-12 && x[i] < upper[i] + 1e-12;
                else if (state[i] == 1) ok = g[i] >= -1e-12;
                else ok = g[i] <= 1e-12;
            }
            if (ok) return x;
        }
        throw new AssertionError("no KKT point found by enumeration");
    }
}
