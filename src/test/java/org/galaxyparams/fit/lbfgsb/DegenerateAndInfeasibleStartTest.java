package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.TestProblems.INF;
import static org.galaxyparams.fit.lbfgsb.TestProblems.assertKkt;
import static org.galaxyparams.fit.lbfgsb.TestProblems.filled;
import static org.galaxyparams.fit.lbfgsb.TestProblems.maxAbsDiff;
import static org.galaxyparams.fit.lbfgsb.TestProblems.report;
import static org.galaxyparams.fit.lbfgsb.TestProblems.tight;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Starts on or outside the bounds, solutions on bounds with zero multipliers, fixed and one-sided variables. */
class DegenerateAndInfeasibleStartTest {

    /** f = 1/2 sum w_i (x_i - c_i)^2: over a box the solution is clamp(c) componentwise. */
    private static Objective separable(double[] w, double[] c) {
        return (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double e = x[i] - c[i];
                g[i] = w[i] * e;
                f += 0.5 * w[i] * e * e;
            }
            return f;
        };
    }

    private static double[] clamp(double[] c, double[] lo, double[] hi) {
        double[] x = new double[c.length];
        for (int i = 0; i < c.length; i++) x[i] = Math.min(hi[i], Math.max(lo[i], c[i]));
        return x;
    }

    @Test
    void startOnBoundWithSolutionOnSameBound() {
        // start at the lower corner; c below the lower bound for even i (strictly active, multiplier > 0) and
        // exactly on the lower bound for i = 1, 5 (degenerate: active with zero multiplier)
        double[] w = {1, 4, 9, 2, 30, 0.5, 7, 3};
        double[] lower = {0, 1, -2, 0, 3, 0.5, -1, 2}, upper = filled(8, 10);
        double[] c = {-1, 1, -5, 4, 0, 0.5, -3, 5};
        Objective f = separable(w, c);
        LbfgsbResult r = Lbfgsb.minimize(f, lower.clone(), lower, upper, tight(1e-10));
        report("separable, start at lower corner", r);
        assertTrue(r.converged(), r.toString());
        double[] expected = clamp(c, lower, upper);
        assertTrue(maxAbsDiff(r.x(), expected) < 1e-9, "error " + maxAbsDiff(r.x(), expected));
        for (int i : new int[]{0, 1, 2, 4, 5, 6}) assertEquals(lower[i], r.x()[i], 0.0, "variable " + i + " left its bound");
        assertKkt(f, r.x(), lower, upper, 1e-9);
    }

    @Test
    void startAtConstrainedSolutionStopsImmediately() {
        double[] w = {1, 2, 3}, c = {-1, 5, 0.25};
        double[] lower = {0, -INF, 0}, upper = {INF, 2, 1};
        LbfgsbResult r = Lbfgsb.minimize(separable(w, c), new double[]{0, 2, 0.25}, lower, upper, LbfgsbOptions.defaults());
        assertEquals(StopReason.PROJECTED_GRADIENT_SMALL, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(0.0, r.projectedGradientNorm(), 0.0);
        assertArrayEquals(new double[]{0, 2, 0.25}, r.x(), 0.0);
    }

    /** The test problem of the L-BFGS-B distribution's driver1 (n = 25, m = 5). */
    private static final Objective DRIVER1 = (x, g) -> {
        double t1 = x[0] - 1, value = 0.25 * t1 * t1;
        g[0] = 0.5 * t1;
        for (int i = 1; i < x.length; i++) {
            double t = x[i] - x[i - 1] * x[i - 1];
            value += 4 * t * t;
            g[i] = 8 * t;
            g[i - 1] += -16 * x[i - 1] * t;
        }
        return value;
    };

    @Test
    void fortranDriver1ProblemReachesZeroAndSatisfiesKkt() {
        // f = 0.25 (x_1 - 1)^2 + sum 4 (x_i - x_{i-1}^2)^2, odd variables in [1, 100], even in [-100, 100], start 3.
        // The minimizer is all ones (f = 0): every odd variable on its lower bound with zero multiplier. The valley
        // x_i = x_{i-1}^2 is so flat (x_25 ~ x_1^(2^24)) that f ~ 1e-15 still allows x_25 ~ 3.8, so f and the KKT
        // conditions are checked rather than the distance to all ones.
        int n = 25;
        double[] lower = new double[n], upper = filled(n, 100);
        for (int i = 0; i < n; i++) lower[i] = i % 2 == 0 ? 1 : -100;
        LbfgsbResult r = Lbfgsb.minimize(DRIVER1, filled(n, 3), lower, upper, LbfgsbOptions.defaults().withMemory(5));
        report("driver1 problem n=25 (m=5, default tolerances)", r);
        assertTrue(r.converged(), r.toString());
        assertTrue(r.value() < 1e-9, "f = " + r.value());
        assertKkt(DRIVER1, r.x(), lower, upper, 1e-4);
        LbfgsbResult tightRun = Lbfgsb.minimize(DRIVER1, filled(n, 3), lower, upper, tight(1e-10).withMemory(5));
        report("driver1 problem n=25 (m=5, pgtol 1e-10)", tightRun);
        assertEquals(StopReason.PROJECTED_GRADIENT_SMALL, tightRun.reason(), tightRun.toString());
        assertTrue(tightRun.value() < 1e-14, "f = " + tightRun.value());
        assertKkt(DRIVER1, tightRun.x(), lower, upper, 1e-10);
    }

    @Test
    void reproducesReferenceImplementationRuns() {
        // Iteration-for-iteration agreement with the reference L-BFGS-B code (as shipped in SciPy 1.17, run on the
        // same problems with the same settings): its driver1 run stops by relative reduction after 25 iterations and
        // 30 evaluations at f = 3.2340322508890494e-10; the bounded 4-D chained Rosenbrock case below stops after
        // 22 iterations and 27 evaluations at f = 1.6678751226630704. A deliberate change to the algorithm may
        // legitimately change these numbers.
        int n = 25;
        double[] lower = new double[n], upper = filled(n, 100);
        for (int i = 0; i < n; i++) lower[i] = i % 2 == 0 ? 1 : -100;
        LbfgsbResult r = Lbfgsb.minimize(DRIVER1, filled(n, 3), lower, upper, LbfgsbOptions.defaults().withMemory(5));
        assertEquals(StopReason.RELATIVE_REDUCTION_SMALL, r.reason());
        assertEquals(25, r.iterations());
        assertEquals(30, r.evaluations());
        assertEquals(3.2340322508890494e-10, r.value(), 1e-6 * 3.234e-10);

        double[] lo = filled(4, -5), hi = {0.5, 5, 5, 0.5};
        LbfgsbResult ros = Lbfgsb.minimize(TestProblems.CHAINED_ROSENBROCK, new double[]{-1.2, 1, -1.2, 1}, lo, hi, tight(1e-9));
        assertEquals(22, ros.iterations());
        assertEquals(27, ros.evaluations());
        assertEquals(1.6678751226630704, ros.value(), 1e-12);
    }

    @Test
    void startOutsideBoxIsProjectedAndNeverEvaluatedOutside() {
        double[] w = {1, 10, 100, 3}, c = {0.5, -0.7, 2, 9};
        double[] lower = {-1, -1, -1, -INF}, upper = {1, 1, 1, 4};
        TestProblems.Recording f = new TestProblems.Recording(separable(w, c));
        double[] x0 = {50, -1e6, 3, 1e9};
        LbfgsbResult r = Lbfgsb.minimize(f, x0, lower, upper, tight(1e-10));
        report("separable, start far outside the box", r);
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(new double[]{1, -1, 1, 4}, f.points.get(0), 0.0, "first evaluation at the projected start");
        for (double[] p : f.points)
            for (int i = 0; i < p.length; i++)
                assertTrue(p[i] >= lower[i] && p[i] <= upper[i], "evaluated outside the box: x[" + i + "] = " + p[i]);
        assertTrue(maxAbsDiff(r.x(), clamp(c, lower, upper)) < 1e-9);
        assertEquals(f.calls(), r.evaluations());
        assertArrayEquals(new double[]{50, -1e6, 3, 1e9}, x0, 0.0, "caller's x0 must not be modified");
    }

    @Test
    void startOutsideBoxOnRosenbrockEndsFeasibleAndKkt() {
        double[] lower = {-2, -2, 1.5}, upper = {0.8, 2, 3};
        TestProblems.Recording f = new TestProblems.Recording(TestProblems.CHAINED_ROSENBROCK);
        LbfgsbResult r = Lbfgsb.minimize(f, new double[]{-7, 9, 0}, lower, upper, tight(1e-9));
        report("Rosenbrock n=3, start outside box", r);
        assertTrue(r.converged(), r.toString());
        for (double[] p : f.points)
            for (int i = 0; i < p.length; i++) assertTrue(p[i] >= lower[i] && p[i] <= upper[i]);
        // f ~ 130 here, so rounding noise in f limits the attainable projected gradient to ~1e-6 (gradients at the
        // start are ~1e3)
        assertKkt(TestProblems.CHAINED_ROSENBROCK, r.x(), lower, upper, 1e-5);
        // x_2 >= 1.5 cuts off the minimum; the bound must be active with the gradient pushing against it
        assertEquals(1.5, r.x()[2], 0.0);
        assertTrue(TestProblems.gradient(TestProblems.CHAINED_ROSENBROCK, r.x())[2] > 1);
    }

    @Test
    void fixedVariableStaysFixedAndOthersAreOptimized() {
        // x_1 fixed by lower == upper; the quadratic couples it to the others
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[] b = {1, 2, 3};
        TestProblems.Quadratic q = new TestProblems.Quadratic(a, b);
        double[] lower = {-INF, 0.7, -INF}, upper = {INF, 0.7, INF};
        LbfgsbResult r = Lbfgsb.minimize(q, new double[]{5, -5, 5}, lower, upper, tight(1e-10));
        assertTrue(r.converged(), r.toString());
        assertEquals(0.7, r.x()[1], 0.0);
        // with x_1 = 0.7: 4 x_0 = 1 - 0.7 and 2 x_2 = 3 - 0.7
        assertEquals(0.3 / 4, r.x()[0], 1e-9);
        assertEquals(2.3 / 2, r.x()[2], 1e-9);
    }

    @Test
    void oneSidedInfiniteBounds() {
        double[] w = {1, 1, 1, 1}, c = {-3, 3, -3, 3};
        double[] lower = {-1, -1, -INF, -INF}, upper = {INF, INF, 1, 1};
        LbfgsbResult r = Lbfgsb.minimize(separable(w, c), new double[4], lower, upper, tight(1e-10));
        assertTrue(r.converged(), r.toString());
        assertTrue(maxAbsDiff(r.x(), new double[]{-1, 3, -3, 1}) < 1e-9, java.util.Arrays.toString(r.x()));
    }
}
