package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.DenseAlgebra.axpy;
import static org.galaxyparams.fit.lbfgsb.DenseAlgebra.dot;

import java.util.Arrays;

/**
 * Generalized Cauchy point (Byrd et al. 1995, section 4): the first local minimizer of the quadratic model
 * m(z) = g^T z + z^T B z / 2 along the projected steepest-descent path x(t) = P(x - t g), found by walking
 * through the breakpoints where variables reach their bounds.
 */
final class CauchyPoint {
    private static final double EPS = LbfgsbOptions.MACHINE_EPSILON;

    /** The generalized Cauchy point x^c. */
    final double[] point;
    /** c = W^T (x^c - x), needed by the subspace minimization. */
    final double[] c;
    /** Variables strictly inside their bounds at x^c (the subspace to minimize over). */
    final int[] freeVariables;

    private CauchyPoint(double[] point, double[] c, Box box) {
        this.point = point;
        this.c = c;
        int nFree = 0;
        int[] free = new int[point.length];
        for (int i = 0; i < point.length; i++)
            if (box.lower[i] < point[i] && point[i] < box.upper[i]) free[nFree++] = i;
        this.freeVariables = Arrays.copyOf(free, nFree);
    }

    /** For problems without any finite bound: x^c = x and every variable is free (as in the Fortran code). */
    static CauchyPoint atCurrentPoint(double[] x, Box box, LimitedMemoryBfgs memory) {
        return new CauchyPoint(x.clone(), new double[2 * memory.pairs()], box);
    }

    /** Computes the generalized Cauchy point from feasible x with gradient g; null on numerical breakdown. */
    static CauchyPoint compute(double[] x, double[] g, Box box, LimitedMemoryBfgs memory) {
        int n = x.length;
        double theta = memory.theta();
        double[][] m = memory.middle();
        int m2 = 2 * memory.pairs();

        double[] xc = x.clone();
        double[] d = new double[n];          // current path direction (-g on variables still moving)
        double[] breakpoint = new double[n];
        int[] order = new int[n];
        int nBreak = 0, moving = 0;
        double slope = 0;                     // f' = derivative of the model along the path
        for (int i = 0; i < n; i++) {
            double gi = g[i], t;
            if (gi < 0) t = (x[i] - box.upper[i]) / gi;
            else if (gi > 0) t = (x[i] - box.lower[i]) / gi;
            else t = Double.POSITIVE_INFINITY;
            breakpoint[i] = t;
            if (gi != 0 && t > 0) {           // variables at a bound with g pointing outwards do not move
                d[i] = -gi;
                slope -= gi * gi;
                moving++;
                if (t < Double.POSITIVE_INFINITY) order[nBreak++] = i;
            }
        }
        double[] c = new double[m2];
        if (moving == 0) return new CauchyPoint(xc, c, box);

        double[] p = memory.wTransposeTimes(d);              // p = W^T d
        double curvature = -theta * slope - dot(p, DenseAlgebra.multiply(m, p)); // f'' = d^T B d
        double curvature0 = curvature;
        if (!(curvature > 0) || !Double.isFinite(curvature)) return null;
        double stepToMin = -slope / curvature;               // distance to the minimizer on the current segment

        order = sortByBreakpoint(order, nBreak, breakpoint);
        double tPrev = 0;
        double[] wb = new double[m2];
        for (int k = 0; k < nBreak; k++) {
            int b = order[k];
            double dt = breakpoint[b] - tPrev;
            if (stepToMin < dt) break;                      // minimizer lies before the next breakpoint
            // move to breakpoint b; variable b stops at its bound
            double bound = d[b] > 0 ? box.upper[b] : box.lower[b];
            double zb = bound - x[b];
            xc[b] = bound;
            axpy(dt, p, c);
            double gb = g[b];
            memory.wRow(b, wb);
            double[] mwb = DenseAlgebra.multiply(m, wb);
            slope += dt * curvature + gb * gb + theta * gb * zb - gb * dot(mwb, c);
            curvature -= theta * gb * gb + 2 * gb * dot(mwb, p) + gb * gb * dot(mwb, wb);
            curvature = Math.max(EPS * curvature0, curvature);
            axpy(gb, wb, p);
            d[b] = 0;
            moving--;
            tPrev = breakpoint[b];
            if (moving == 0) {                              // every variable is at a bound: the path ends here
                stepToMin = 0;
                break;
            }
            stepToMin = -slope / curvature;
        }
        if (!Double.isFinite(stepToMin)) return null;
        stepToMin = Math.max(0, stepToMin);
        double t = tPrev + stepToMin;
        for (int i = 0; i < n; i++) if (d[i] != 0) xc[i] = box.clamp(i, x[i] + t * d[i]);
        axpy(stepToMin, p, c);
        return new CauchyPoint(xc, c, box);
    }

    private static int[] sortByBreakpoint(int[] indices, int count, double[] key) {
        // sort (key, index) pairs; boxing is fine here, the cost is dominated by the objective
        Integer[] boxed = new Integer[count];
        for (int i = 0; i < count; i++) boxed[i] = indices[i];
        Arrays.sort(boxed, (a, b) -> Double.compare(key[a], key[b]));
        int[] sorted = new int[count];
        for (int i = 0; i < count; i++) sorted[i] = boxed[i];
        return sorted;
    }
}
