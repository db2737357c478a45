package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.TestProblems.CHAINED_ROSENBROCK;
import static org.galaxyparams.fit.lbfgsb.TestProblems.INF;
import static org.galaxyparams.fit.lbfgsb.TestProblems.filled;
import static org.galaxyparams.fit.lbfgsb.TestProblems.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Cancellation, non-finite objectives, iteration and evaluation limits and counts, input validation. */
class StoppingAndReportingTest {
    private static final double[] START = {-1.2, 1, -1.2, 1};

    /** The returned point must be feasible, finite, and carry its own objective value and projected gradient. */
    private static void assertConsistent(Objective f, LbfgsbResult r, double[] lower, double[] upper) {
        for (int i = 0; i < r.x().length; i++) {
            assertTrue(Double.isFinite(r.x()[i]));
            assertTrue(r.x()[i] >= lower[i] && r.x()[i] <= upper[i]);
        }
        assertEquals(value(f, r.x()), r.value(), 0.0, "value must be f at the returned x");
        assertTrue(Double.isFinite(r.projectedGradientNorm()));
    }

    @Test
    void cancelFlagStopsAtTheNextIteration() {
        AtomicInteger checks = new AtomicInteger();
        LbfgsbOptions opts = LbfgsbOptions.defaults().withCancel(() -> checks.incrementAndGet() > 3);
        TestProblems.Recording f = new TestProblems.Recording(CHAINED_ROSENBROCK);
        LbfgsbResult r = Lbfgsb.minimize(f, START, null, null, opts);
        assertEquals(StopReason.CANCELLED, r.reason());
        assertFalse(r.converged());
        assertEquals(4, checks.get(), "flag checked once per iteration");
        assertEquals(3, r.iterations());
        assertEquals(f.calls(), r.evaluations());
        assertTrue(r.value() < value(CHAINED_ROSENBROCK, START), "progress before cancelling is kept");
        assertConsistent(CHAINED_ROSENBROCK, r, filled(4, -INF), filled(4, INF));
        assertTrue(r.message().contains("cancel"), r.message());
    }

    @Test
    void cancelFlagAlreadySetReturnsTheProjectedStart() {
        LbfgsbResult r = Lbfgsb.minimize(CHAINED_ROSENBROCK, new double[]{-3, 3}, new double[]{-2, -2}, new double[]{2, 2},
                LbfgsbOptions.defaults().withCancel(() -> true));
        assertEquals(StopReason.CANCELLED, r.reason());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(-2, r.x()[0], 0.0);
        assertEquals(2, r.x()[1], 0.0);
    }

    @Test
    void nanAtTheStartIsAbnormalNotAnException() {
        LbfgsbResult r = Lbfgsb.minimize((x, g) -> Double.NaN, new double[]{1, 2}, null, null);
        assertEquals(StopReason.ABNORMAL, r.reason());
        assertFalse(r.converged());
        assertEquals(1, r.evaluations());
        assertEquals(0, r.iterations());
        assertTrue(r.message().contains("NaN") && r.message().contains("start"), r.message());
    }

    @Test
    void nanDuringTheRunKeepsTheBestPointSoFar() {
        // Rosenbrock, but undefined for x_0 > 0.5: the run heads towards (1, 1) and must run into the NaN region
        Objective f = (x, g) -> x[0] > 0.5 ? Double.NaN : CHAINED_ROSENBROCK.valueAndGradient(x, g);
        TestProblems.Recording rec = new TestProblems.Recording(f);
        LbfgsbResult r = Lbfgsb.minimize(rec, new double[]{-1.2, 1}, null, null, LbfgsbOptions.defaults());
        assertEquals(StopReason.ABNORMAL, r.reason());
        assertTrue(r.message().contains("NaN") && r.message().contains("line-search"), r.message());
        assertTrue(r.x()[0] <= 0.5);
        assertTrue(Double.isFinite(r.value()));
        assertTrue(r.value() < value(CHAINED_ROSENBROCK, new double[]{-1.2, 1}), "progress must be kept");
        // the returned point is the best finite point evaluated
        double best = INF;
        for (double[] p : rec.points) if (p[0] <= 0.5) best = Math.min(best, value(CHAINED_ROSENBROCK, p));
        assertEquals(best, r.value(), 0.0);
        assertEquals(rec.calls(), r.evaluations());
    }

    @Test
    void infiniteGradientIsAbnormal() {
        Objective f = (x, g) -> {
            double v = CHAINED_ROSENBROCK.valueAndGradient(x, g);
            if (x[1] < 0.9) g[1] = Double.POSITIVE_INFINITY;
            return v;
        };
        LbfgsbResult r = Lbfgsb.minimize(f, new double[]{-1.2, 1}, null, null);
        assertEquals(StopReason.ABNORMAL, r.reason());
        assertTrue(r.message().contains("gradient component 1") && r.message().contains("Infinity"), r.message());
        assertTrue(r.x()[1] >= 0.9);
    }

    @Test
    void infiniteValueIsAbnormal() {
        LbfgsbResult r = Lbfgsb.minimize((x, g) -> {
            g[0] = 1;
            return x[0] < 0 ? Double.NEGATIVE_INFINITY : x[0];
        }, new double[]{1}, null, null);
        assertEquals(StopReason.ABNORMAL, r.reason());
        assertTrue(r.message().contains("-Infinity"), r.message());
        assertTrue(r.x()[0] >= 0, "returned x must be a point with a finite value");
        assertEquals(r.x()[0], r.value(), 0.0);
        assertTrue(r.value() < 1, "progress from the start f = 1 is kept");
    }

    @Test
    void unwrittenGradientComponentIsDetected() {
        LbfgsbResult r = Lbfgsb.minimize((x, g) -> {
            g[0] = 2 * x[0];
            return x[0] * x[0] + x[1] * x[1]; // forgets g[1]
        }, new double[]{1, 1}, null, null);
        assertEquals(StopReason.ABNORMAL, r.reason());
        assertTrue(r.message().contains("gradient component 1") && r.message().contains("not written"), r.message());
    }

    @Test
    void inconsistentGradientEndsInLineSearchFailureNotConvergence() {
        // gradient with the wrong sign in one component: directions that the model calls downhill are not
        Objective wrong = (x, g) -> {
            double v = CHAINED_ROSENBROCK.valueAndGradient(x, g);
            g[0] = -g[0];
            return v;
        };
        LbfgsbResult r = Lbfgsb.minimize(wrong, new double[]{-1.2, 1}, null, null);
        assertEquals(StopReason.LINE_SEARCH_FAILED, r.reason(), r.toString());
        assertFalse(r.converged());
        assertTrue(r.value() <= value(CHAINED_ROSENBROCK, new double[]{-1.2, 1}));
    }

    @Test
    void iterationLimit() {
        LbfgsbResult r = Lbfgsb.minimize(CHAINED_ROSENBROCK, START, null, null, LbfgsbOptions.defaults().withMaxIterations(5));
        assertEquals(StopReason.MAX_ITERATIONS, r.reason());
        assertEquals(5, r.iterations());
        assertTrue(r.evaluations() >= 6);
        assertConsistent(CHAINED_ROSENBROCK, r, filled(4, -INF), filled(4, INF));

        LbfgsbResult none = Lbfgsb.minimize(CHAINED_ROSENBROCK, START, null, null, LbfgsbOptions.defaults().withMaxIterations(0));
        assertEquals(StopReason.MAX_ITERATIONS, none.reason());
        assertEquals(1, none.evaluations());
    }

    @Test
    void evaluationLimitIsNeverExceeded() {
        for (int limit : new int[]{1, 2, 7, 10, 25}) {
            TestProblems.Recording f = new TestProblems.Recording(CHAINED_ROSENBROCK);
            LbfgsbResult r = Lbfgsb.minimize(f, START, null, null, LbfgsbOptions.defaults().withMaxEvaluations(limit));
            assertEquals(StopReason.MAX_EVALUATIONS, r.reason(), "limit " + limit);
            assertEquals(limit, f.calls(), "limit " + limit);
            assertEquals(limit, r.evaluations());
            assertConsistent(CHAINED_ROSENBROCK, r, filled(4, -INF), filled(4, INF));
            // the returned value is the best value seen
            double best = INF;
            for (double[] p : f.points) best = Math.min(best, value(CHAINED_ROSENBROCK, p));
            assertEquals(best, r.value(), 0.0, "limit " + limit);
        }
    }

    @Test
    void countsMatchObjectiveCallsAndTheResultIsSelfConsistent() {
        double[] lower = {-2, -2, -2, -2}, upper = {0.5, 2, 2, 2};
        TestProblems.Recording f = new TestProblems.Recording(CHAINED_ROSENBROCK);
        LbfgsbResult r = Lbfgsb.minimize(f, START, lower, upper);
        assertTrue(r.converged(), r.toString());
        assertEquals(f.calls(), r.evaluations());
        assertTrue(r.iterations() >= 1 && r.iterations() < r.evaluations());
        assertConsistent(CHAINED_ROSENBROCK, r, lower, upper);
        double pg = 0;
        double[] g = TestProblems.gradient(CHAINED_ROSENBROCK, r.x());
        for (int i = 0; i < 4; i++)
            pg = Math.max(pg, Math.abs(Math.min(upper[i], Math.max(lower[i], r.x()[i] - g[i])) - r.x()[i]));
        assertEquals(pg, r.projectedGradientNorm(), 1e-15, "reported norm is ||P(x - g) - x||_inf");
    }

    @Test
    void objectiveReceivesACopyOfX() {
        // an objective that scribbles over its argument must not corrupt the iterate
        Objective vandal = (x, g) -> {
            double v = CHAINED_ROSENBROCK.valueAndGradient(x, g);
            java.util.Arrays.fill(x, 1e9);
            return v;
        };
        LbfgsbResult r = Lbfgsb.minimize(vandal, new double[]{-1.2, 1}, null, null);
        assertTrue(r.converged(), r.toString());
        assertTrue(TestProblems.maxAbsDiff(r.x(), new double[]{1, 1}) < 1e-3);
    }

    @Test
    void defaultsAreThoseOfTheFortranCode() {
        LbfgsbOptions d = LbfgsbOptions.defaults();
        assertEquals(10, d.memory());
        assertEquals(1e-5, d.projectedGradientTolerance());
        assertEquals(1e7 * Math.ulp(1.0), d.relativeReductionTolerance());
        assertEquals(1000, d.maxIterations());
        assertFalse(d.cancel().getAsBoolean());
        assertEquals(1e12 * Math.ulp(1.0), d.withFactr(1e12).relativeReductionTolerance());
    }

    @Test
    void invalidInputsAreRejectedWithClearMessages() {
        Objective f = CHAINED_ROSENBROCK;
        assertMessage("lower has length 3", () -> Lbfgsb.minimize(f, new double[2], new double[3], null));
        assertMessage("upper has length 1", () -> Lbfgsb.minimize(f, new double[2], null, new double[1]));
        assertMessage("lower[1] = 2.0 > upper[1] = 1.0",
                () -> Lbfgsb.minimize(f, new double[2], new double[]{0, 2}, new double[]{1, 1}));
        assertMessage("x0[0] is NaN", () -> Lbfgsb.minimize(f, new double[]{Double.NaN, 0}, null, null));
        assertMessage("bound 0 is NaN", () -> Lbfgsb.minimize(f, new double[2], new double[]{Double.NaN, 0}, null));
        assertMessage("lower[0] is +infinity", () -> Lbfgsb.minimize(f, new double[2], new double[]{INF, 0}, null));
        assertMessage("upper[1] is -infinity", () -> Lbfgsb.minimize(f, new double[2], null, new double[]{0, -INF}));
        assertMessage("at least one component", () -> Lbfgsb.minimize(f, new double[0], null, null));
        assertMessage("memory must be >= 1", () -> LbfgsbOptions.defaults().withMemory(0));
        assertMessage("projectedGradientTolerance must be >= 0", () -> LbfgsbOptions.defaults().withProjectedGradientTolerance(-1));
        assertMessage("relativeReductionTolerance must be >= 0",
                () -> LbfgsbOptions.defaults().withRelativeReductionTolerance(Double.NaN));
        assertMessage("maxEvaluations must be >= 1", () -> LbfgsbOptions.defaults().withMaxEvaluations(0));
        assertMessage("maxIterations must be >= 0", () -> LbfgsbOptions.defaults().withMaxIterations(-1));
        assertThrows(NullPointerException.class, () -> LbfgsbOptions.defaults().withCancel(null));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
