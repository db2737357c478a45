package org.galaxyparams.fit.lbfgsb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Objectives, reference solvers and KKT checks shared by the L-BFGS-B tests. */
final class TestProblems {
    private TestProblems() {}

    static final double INF = Double.POSITIVE_INFINITY;

    /** f = 1/2 x^T A x - b^T x. */
    record Quadratic(double[][] a, double[] b) implements Objective {
        @Override
        public double valueAndGradient(double[] x, double[] g) {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                double ax = 0;
                for (int j = 0; j < x.length; j++) ax += a[i][j] * x[j];
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return f;
        }

        double value(double[] x) { return valueAndGradient(x, new double[x.length]); }

        double[] gradient(double[] x) {
            double[] g = new double[x.length];
            valueAndGradient(x, g);
            return g;
        }

        /** A^-1 b by Commons Math LU. */
        double[] unconstrainedMinimizer() {
            return new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                    .solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
        }
    }

    /**
     * The same kind of quadratic written around a point x*: f = 1/2 e^T A e + h^T e with e = x - x*, which equals
     * 1/2 x^T A x - (A x* - h)^T x + const. Near x* its differences are computed without the cancellation of the
     * expanded form, so tight tolerances are not limited by rounding noise in f.
     */
    record CenteredQuadratic(double[][] a, double[] center, double[] linear) implements Objective {
        @Override
        public double valueAndGradient(double[] x, double[] g) {
            int n = x.length;
            double[] e = new double[n];
            for (int i = 0; i < n; i++) e[i] = x[i] - center[i];
            double f = 0;
            for (int i = 0; i < n; i++) {
                double ae = 0;
                for (int j = 0; j < n; j++) ae += a[i][j] * e[j];
                g[i] = ae + linear[i];
                f += e[i] * (0.5 * ae + linear[i]);
            }
            return f;
        }
    }

    /** Chained ("generalized") Rosenbrock: sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2. */
    static final Objective CHAINED_ROSENBROCK = (x, g) -> {
        java.util.Arrays.fill(g, 0);
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            f += 100 * t * t + u * u;
            g[i] += -400 * x[i] * t - 2 * u;
            g[i + 1] += 200 * t;
        }
        return f;
    };

    /** Extended Rosenbrock: independent 2-D Rosenbrock functions on the pairs (x_2k, x_2k+1). */
    static final Objective EXTENDED_ROSENBROCK = (x, g) -> {
        double f = 0;
        for (int i = 0; i + 1 < x.length; i += 2) {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            f += 100 * t * t + u * u;
            g[i] = -400 * x[i] * t - 2 * u;
            g[i + 1] = 200 * t;
        }
        return f;
    };

    /** Records every evaluation point, so tests can count calls and check feasibility. */
    static final class Recording implements Objective {
        final Objective inner;
        final List<double[]> points = new ArrayList<>();

        Recording(Objective inner) { this.inner = inner; }

        @Override
        public double valueAndGradient(double[] x, double[] g) {
            points.add(x.clone());
            return inner.valueAndGradient(x, g);
        }

        int calls() { return points.size(); }
    }

    static double value(Objective f, double[] x) { return f.valueAndGradient(x.clone(), new double[x.length]); }

    static double[] gradient(Objective f, double[] x) {
        double[] g = new double[x.length];
        f.valueAndGradient(x.clone(), g);
        return g;
    }

    /** Random symmetric positive definite matrix with eigenvalues log-uniform in [minEig, maxEig]. */
    static double[][] randomSpd(Random rnd, int n, double minEig, double maxEig) {
        double[][] gauss = new double[n][n];
        for (double[] row : gauss) for (int j = 0; j < n; j++) row[j] = rnd.nextGaussian();
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(gauss)).getQ();
        double[][] a = new double[n][n];
        double[] eig = new double[n];
        for (int k = 0; k < n; k++) eig[k] = minEig * Math.pow(maxEig / minEig, n == 1 ? 0 : (double) k / (n - 1));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) v += q.getEntry(i, k) * eig[k] * q.getEntry(j, k);
                a[i][j] = v;
            }
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a[i][j] = a[j][i] = 0.5 * (a[i][j] + a[j][i]);
        return a;
    }

    static double minEigenvalue(double[][] a) {
        double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(a)).getRealEigenvalues();
        double min = INF;
        for (double v : ev) min = Math.min(min, v);
        return min;
    }

    /**
     * Reference minimizer of a strictly convex box-constrained quadratic by projected Gauss-Seidel (exact
     * coordinate minimization, then clamping), iterated to a fixed point. Independent of L-BFGS-B.
     */
    static double[] projectedGaussSeidel(Quadratic q, double[] lower, double[] upper) {
        int n = q.b().length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], 0));
        for (int sweep = 0; sweep < 1_000_000; sweep++) {
            double change = 0;
            for (int i = 0; i < n; i++) {
                double r = q.b()[i];
                for (int j = 0; j < n; j++) if (j != i) r -= q.a()[i][j] * x[j];
                double xi = Math.min(upper[i], Math.max(lower[i], r / q.a()[i][i]));
                change = Math.max(change, Math.abs(xi - x[i]));
                x[i] = xi;
            }
            if (change < 1e-15) return x;
        }
        throw new AssertionError("projected Gauss-Seidel did not converge");
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    /**
     * Checks first-order KKT conditions for min f s.t. l <= x <= u: x feasible; |g_i| <= tol for interior
     * variables; g_i >= -tol at an active lower bound and g_i <= tol at an active upper bound
     * (the multiplier of the active bound has the right sign).
     */
    static void assertKkt(Objective f, double[] x, double[] lower, double[] upper, double tol) {
        double[] g = gradient(f, x);
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= lower[i] && x[i] <= upper[i], "x[" + i + "] = " + x[i] + " outside its bounds");
            boolean atLower = x[i] == lower[i], atUpper = x[i] == upper[i];
            if (atLower && atUpper) continue;
            if (atLower) assertTrue(g[i] >= -tol, "at lower bound " + i + " but g = " + g[i]);
            else if (atUpper) assertTrue(g[i] <= tol, "at upper bound " + i + " but g = " + g[i]);
            else assertTrue(Math.abs(g[i]) <= tol, "interior variable " + i + " has g = " + g[i]);
        }
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Tight stopping rules for accuracy tests: pgtol as given, relative reduction only on zero progress. */
    static LbfgsbOptions tight(double pgtol) {
        return LbfgsbOptions.defaults().withProjectedGradientTolerance(pgtol).withRelativeReductionTolerance(0);
    }

    static void report(String name, LbfgsbResult r) {
        System.out.printf("[lbfgsb] %-48s %-26s iter=%4d eval=%4d f=%.10g |pg|=%.2e%n",
                name, r.reason(), r.iterations(), r.evaluations(), r.value(), r.projectedGradientNorm());
    }
}
