package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.TestProblems.assertKkt;
import static org.galaxyparams.fit.lbfgsb.TestProblems.maxAbsDiff;
import static org.galaxyparams.fit.lbfgsb.TestProblems.tight;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.galaxyparams.fit.lbfgsb.TestProblems.Quadratic;
import org.junit.jupiter.api.Test;

/**
 * 20 random strictly convex bounded quadratics (n = 5..20, eigenvalues in [1, 100], random boxes that cut off the
 * unconstrained minimizer in several coordinates). L-BFGS-B is compared with Commons Math's BOBYQA (value and
 * point) and with an exact projected Gauss-Seidel solve written in the test (point). Strict convexity makes the
 * solution unique, so the points must agree.
 */
class BobyqaComparisonTest {

    @Test
    void randomBoundedQuadraticsAgreeWithBobyqaAndProjectedGaussSeidel() {
        Random rnd = new Random(2024);
        int totalIterations = 0, totalEvaluations = 0, totalActive = 0;
        long bobyqaEvaluations = 0;
        for (int problem = 0; problem < 20; problem++) {
            int n = 5 + rnd.nextInt(16);
            double[][] a = TestProblems.randomSpd(rnd, n, 1, 100);
            double[] b = new double[n];
            for (int i = 0; i < n; i++) b[i] = 3 * rnd.nextGaussian();
            Quadratic q = new Quadratic(a, b);
            double[] lower = new double[n], upper = new double[n];
            for (int i = 0; i < n; i++) {
                lower[i] = -0.05 - 0.5 * rnd.nextDouble();
                upper[i] = 0.05 + 0.5 * rnd.nextDouble();
            }
            double[] x0 = new double[n];
            for (int i = 0; i < n; i++) x0[i] = lower[i] + (upper[i] - lower[i]) * rnd.nextDouble();

            LbfgsbResult r = Lbfgsb.minimize(q, x0, lower, upper, tight(1e-6));
            assertTrue(r.converged(), "problem " + problem + ": " + r);
            totalIterations += r.iterations();
            totalEvaluations += r.evaluations();

            double[] reference = TestProblems.projectedGaussSeidel(q, lower, upper);
            int active = 0;
            for (int i = 0; i < n; i++) if (reference[i] == lower[i] || reference[i] == upper[i]) active++;
            totalActive += active;
            assertTrue(active > 0 && active < n, "problem " + problem + " should have some, not all, bounds active");

            BOBYQAOptimizer bobyqa = new BOBYQAOptimizer(2 * n + 1, 0.1, 1e-9);
            PointValuePair p = bobyqa.optimize(new MaxEval(200_000), new ObjectiveFunction(q::value),
                    GoalType.MINIMIZE, new InitialGuess(x0), new SimpleBounds(lower, upper));
            bobyqaEvaluations += bobyqa.getEvaluations();

            double scale = 1 + Math.abs(p.getValue());
            assertTrue(r.value() <= p.getValue() + 1e-10 * scale,
                    "problem " + problem + ": L-BFGS-B f=" + r.value() + " > BOBYQA f=" + p.getValue());
            assertTrue(maxAbsDiff(r.x(), p.getPoint()) < 1e-4,
                    "problem " + problem + ": L-BFGS-B and BOBYQA points differ by " + maxAbsDiff(r.x(), p.getPoint()));
            // ||pg||_inf <= 1e-6 and lambda_min >= 1 bound the error by sqrt(n) 1e-6 < 5e-6
            assertTrue(maxAbsDiff(r.x(), reference) < 5e-6,
                    "problem " + problem + ": distance to projected Gauss-Seidel solution " + maxAbsDiff(r.x(), reference));
            assertKkt(q, r.x(), lower, upper, 1e-6);
            assertTrue(r.value() - q.value(reference) <= 1e-10, "problem " + problem + ": suboptimal by " + (r.value() - q.value(reference)));
        }
        System.out.printf("[lbfgsb] 20 random bounded quadratics: mean iterations %.1f, mean evaluations %.1f, "
                + "mean active bounds %.1f; BOBYQA mean evaluations %.1f%n", totalIterations / 20.0,
                totalEvaluations / 20.0, totalActive / 20.0, bobyqaEvaluations / 20.0);
    }
}
