package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.TestProblems.CHAINED_ROSENBROCK;
import static org.galaxyparams.fit.lbfgsb.TestProblems.EXTENDED_ROSENBROCK;
import static org.galaxyparams.fit.lbfgsb.TestProblems.INF;
import static org.galaxyparams.fit.lbfgsb.TestProblems.assertKkt;
import static org.galaxyparams.fit.lbfgsb.TestProblems.filled;
import static org.galaxyparams.fit.lbfgsb.TestProblems.gradient;
import static org.galaxyparams.fit.lbfgsb.TestProblems.maxAbsDiff;
import static org.galaxyparams.fit.lbfgsb.TestProblems.report;
import static org.galaxyparams.fit.lbfgsb.TestProblems.tight;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Rosenbrock functions, unbounded (solution all ones) and with upper bounds that cut off the minimum. */
class RosenbrockTest {

    /** The classic start (-1.2, 1, -1.2, 1, ...). */
    private static double[] classicStart(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? -1.2 : 1.0;
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 10})
    void unboundedChainedRosenbrockReachesAllOnes(int n) {
        LbfgsbResult r = Lbfgsb.minimize(CHAINED_ROSENBROCK, classicStart(n), null, null, tight(1e-9));
        report("chained Rosenbrock n=" + n + " unbounded", r);
        assertTrue(r.converged(), r.toString());
        assertTrue(maxAbsDiff(r.x(), filled(n, 1)) < 1e-5, "distance to all-ones " + maxAbsDiff(r.x(), filled(n, 1)));
        assertTrue(r.value() < 1e-12, "f = " + r.value());
        assertTrue(r.evaluations() >= r.iterations() + 1, "each iteration needs at least one evaluation");
    }

    @Test
    void twoDimensionalWithUpperBoundHasKnownSolution() {
        // min (1-x)^2 + 100 (y - x^2)^2 s.t. x <= 0.5: y = x^2 is optimal for any x and (1-x)^2 decreases up to
        // the bound, so the solution is (0.5, 0.25) with f = 0.25 and df/dx = -1 < 0 at the active upper bound
        double[] lower = {-INF, -INF}, upper = {0.5, INF};
        LbfgsbResult r = Lbfgsb.minimize(CHAINED_ROSENBROCK, classicStart(2), lower, upper, tight(1e-9));
        report("Rosenbrock n=2, x0 <= 0.5", r);
        assertTrue(r.converged(), r.toString());
        assertEquals(0.5, r.x()[0], 0.0, "first variable should sit exactly on its bound");
        assertEquals(0.25, r.x()[1], 1e-9);
        assertEquals(0.25, r.value(), 1e-12);
        assertEquals(-1.0, gradient(CHAINED_ROSENBROCK, r.x())[0], 1e-7);
        assertKkt(CHAINED_ROSENBROCK, r.x(), lower, upper, 1e-8);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 10})
    void extendedRosenbrockWithUpperBoundsHasKnownSolution(int n) {
        // independent pairs, each the 2-D problem above: solution (0.5, 0.25) per pair and f = 0.25 n / 2
        double[] lower = filled(n, -INF), upper = filled(n, INF), expected = new double[n];
        for (int i = 0; i < n; i += 2) {
            upper[i] = 0.5;
            expected[i] = 0.5;
            expected[i + 1] = 0.25;
        }
        LbfgsbResult r = Lbfgsb.minimize(EXTENDED_ROSENBROCK, classicStart(n), lower, upper, tight(1e-9));
        report("extended Rosenbrock n=" + n + ", odd vars <= 0.5", r);
        assertTrue(r.converged(), r.toString());
        assertTrue(maxAbsDiff(r.x(), expected) < 1e-8, "error " + maxAbsDiff(r.x(), expected));
        assertEquals(0.25 * n / 2, r.value(), 1e-12);
        assertKkt(EXTENDED_ROSENBROCK, r.x(), lower, upper, 1e-8);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 10})
    void chainedRosenbrockWithUpperBoundsSatisfiesKktAndMatchesBobyqa(int n) {
        double[] lower = filled(n, -5), upper = filled(n, 5);
        for (int i = 0; i < n; i += 3) upper[i] = 0.5;
        LbfgsbResult r = Lbfgsb.minimize(CHAINED_ROSENBROCK, classicStart(n), lower, upper, tight(1e-9));
        report("chained Rosenbrock n=" + n + ", every 3rd var <= 0.5", r);
        assertTrue(r.converged(), r.toString());
        assertKkt(CHAINED_ROSENBROCK, r.x(), lower, upper, 1e-6);
        // the bound on x_0 must be active with a strictly negative derivative (it blocks the move towards 1)
        assertEquals(0.5, r.x()[0], 0.0);
        assertTrue(gradient(CHAINED_ROSENBROCK, r.x())[0] < -0.1, "x_0 should be held by its upper bound");

        // independent reference: Commons Math BOBYQA (derivative-free). The bounded chained problem has several
        // local minima, so take the best of a few starts: the projected classic start, that start pulled 0.2 inside
        // the upper bounds, and two random points of the box.
        java.util.Random rnd = new java.util.Random(5);
        double[][] starts = new double[4][n];
        for (int i = 0; i < n; i++) {
            double c = classicStart(n)[i];
            starts[0][i] = Math.min(upper[i], Math.max(lower[i], c));
            starts[1][i] = Math.min(upper[i] - 0.2, c);
            starts[2][i] = lower[i] + 0.1 + (upper[i] - lower[i] - 0.2) * rnd.nextDouble();
            starts[3][i] = lower[i] + 0.1 + (upper[i] - lower[i] - 0.2) * rnd.nextDouble();
        }
        PointValuePair best = null;
        for (double[] start : starts) {
            BOBYQAOptimizer bobyqa = new BOBYQAOptimizer(2 * n + 1, 0.1, 1e-10);
            PointValuePair p = bobyqa.optimize(new MaxEval(100_000),
                    new ObjectiveFunction(x -> TestProblems.value(CHAINED_ROSENBROCK, x)), GoalType.MINIMIZE,
                    new InitialGuess(start), new SimpleBounds(lower, upper));
            System.out.printf("[lbfgsb]   BOBYQA n=%d f=%.12g evaluations=%d%n", n, p.getValue(), bobyqa.getEvaluations());
            if (best == null || p.getValue() < best.getValue()) best = p;
        }
        assertTrue(r.value() <= best.getValue() + 1e-10, "L-BFGS-B f=" + r.value() + " vs best BOBYQA f=" + best.getValue());
        assertEquals(best.getValue(), r.value(), 1e-8);
        assertTrue(maxAbsDiff(r.x(), best.getPoint()) < 1e-5, "points differ by " + maxAbsDiff(r.x(), best.getPoint()));
    }
}
