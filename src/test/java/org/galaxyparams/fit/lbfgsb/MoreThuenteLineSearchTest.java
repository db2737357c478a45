package org.galaxyparams.fit.lbfgsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The line search on the one-dimensional test functions of Moré and Thuente (1994), from their four first steps
 * 1e-3, 1e-1, 10, 1e3. These use a tiny xtol, as in the paper; L-BFGS-B itself uses xtol = 0.1, which stops
 * earlier with a warning once the bracket is narrow.
 */
class MoreThuenteLineSearchTest {

    private record Outcome(MoreThuenteLineSearch.Status status, double step, int evaluations) {}

    private static Outcome search(DoubleUnaryOperator phi, DoubleUnaryOperator dphi, double stp0, double ftol, double gtol) {
        MoreThuenteLineSearch ls = new MoreThuenteLineSearch(ftol, gtol, 1e-10);
        ls.start(phi.applyAsDouble(0), dphi.applyAsDouble(0), stp0, 0, 1e10);
        for (int evals = 1; evals <= 50; evals++) {
            double stp = ls.step();
            MoreThuenteLineSearch.Status st = ls.observe(phi.applyAsDouble(stp), dphi.applyAsDouble(stp));
            if (st != MoreThuenteLineSearch.Status.CONTINUE) return new Outcome(st, stp, evals);
        }
        throw new AssertionError("no termination in 50 evaluations");
    }

    private static void assertStrongWolfe(DoubleUnaryOperator phi, DoubleUnaryOperator dphi, Outcome o, double ftol, double gtol) {
        assertEquals(MoreThuenteLineSearch.Status.CONVERGED, o.status());
        double f0 = phi.applyAsDouble(0), g0 = dphi.applyAsDouble(0), a = o.step();
        assertTrue(phi.applyAsDouble(a) <= f0 + ftol * a * g0, "sufficient decrease fails at " + a);
        assertTrue(Math.abs(dphi.applyAsDouble(a)) <= gtol * Math.abs(g0), "curvature condition fails at " + a);
    }

    @Test
    void function1() {
        // phi = -a / (a^2 + 2), minimizer sqrt(2); ftol 1e-3, gtol 0.1
        DoubleUnaryOperator phi = a -> -a / (a * a + 2), dphi = a -> (a * a - 2) / ((a * a + 2) * (a * a + 2));
        for (double a0 : new double[]{1e-3, 1e-1, 10, 1e3}) {
            Outcome o = search(phi, dphi, a0, 1e-3, 0.1);
            assertStrongWolfe(phi, dphi, o, 1e-3, 0.1);
            assertTrue(o.evaluations() <= 12, "a0=" + a0 + " took " + o.evaluations());
        }
    }

    @Test
    void function2() {
        // phi = (a + 0.004)^5 - 2 (a + 0.004)^4, minimizer 1.6 - 0.004; ftol 0.1, gtol 0.1
        double b = 0.004;
        DoubleUnaryOperator phi = a -> Math.pow(a + b, 5) - 2 * Math.pow(a + b, 4);
        DoubleUnaryOperator dphi = a -> 5 * Math.pow(a + b, 4) - 8 * Math.pow(a + b, 3);
        for (double a0 : new double[]{1e-3, 1e-1, 10, 1e3}) {
            Outcome o = search(phi, dphi, a0, 0.1, 0.1);
            assertStrongWolfe(phi, dphi, o, 0.1, 0.1);
            assertTrue(o.evaluations() <= 20, "a0=" + a0 + " took " + o.evaluations());
        }
    }

    @Test
    void function3() {
        // phi = phi0(a) + 2 (1 - beta) / (l pi) sin(l pi a / 2), l = 39, beta = 0.01: many local minimizers
        double beta = 0.01, l = 39;
        DoubleUnaryOperator phi0 = a -> a <= 1 - beta ? 1 - a : a >= 1 + beta ? a - 1 : (a - 1) * (a - 1) / (2 * beta) + beta / 2;
        DoubleUnaryOperator dphi0 = a -> a <= 1 - beta ? -1 : a >= 1 + beta ? 1 : (a - 1) / beta;
        DoubleUnaryOperator phi = a -> phi0.applyAsDouble(a) + 2 * (1 - beta) / (l * Math.PI) * Math.sin(l * Math.PI * a / 2);
        DoubleUnaryOperator dphi = a -> dphi0.applyAsDouble(a) + (1 - beta) * Math.cos(l * Math.PI * a / 2);
        for (double a0 : new double[]{1e-3, 1e-1, 10, 1e3}) {
            Outcome o = search(phi, dphi, a0, 0.1, 0.1);
            assertStrongWolfe(phi, dphi, o, 0.1, 0.1);
            assertTrue(o.evaluations() <= 20, "a0=" + a0 + " took " + o.evaluations());
        }
    }

    @Test
    void quadraticWithFarMinimizerIsReachedByExtrapolation() {
        DoubleUnaryOperator phi = a -> (a - 1000) * (a - 1000), dphi = a -> 2 * (a - 1000);
        Outcome o = search(phi, dphi, 1, Lbfgsb.FTOL, Lbfgsb.GTOL);
        assertStrongWolfe(phi, dphi, o, Lbfgsb.FTOL, Lbfgsb.GTOL);
        assertTrue(o.evaluations() <= 8, "took " + o.evaluations());
    }

    @Test
    void stepCapReturnsWarningAtStpMax() {
        // minimizer beyond stpMax: the search stops at stpMax with a warning (used when a bound limits the step)
        MoreThuenteLineSearch ls = new MoreThuenteLineSearch(Lbfgsb.FTOL, Lbfgsb.GTOL, Lbfgsb.XTOL);
        DoubleUnaryOperator phi = a -> (a - 100) * (a - 100), dphi = a -> 2 * (a - 100);
        ls.start(phi.applyAsDouble(0), dphi.applyAsDouble(0), 1, 0, 2);
        MoreThuenteLineSearch.Status st;
        int evals = 0;
        do {
            evals++;
            st = ls.observe(phi.applyAsDouble(ls.step()), dphi.applyAsDouble(ls.step()));
        } while (st == MoreThuenteLineSearch.Status.CONTINUE && evals < 20);
        assertEquals(MoreThuenteLineSearch.Status.WARNING, st);
        assertEquals(2, ls.step(), 0);
        assertTrue(ls.warning().contains("stpMax"));
    }
}
