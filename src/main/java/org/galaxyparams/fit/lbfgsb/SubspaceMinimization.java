package org.galaxyparams.fit.lbfgsb;

import static org.galaxyparams.fit.lbfgsb.DenseAlgebra.dot;

/**
 * Direct primal subspace minimization (Byrd et al. 1995, section 5.1): minimizes the quadratic model over the
 * variables that are free at the Cauchy point, with the others held at their bounds. The unconstrained
 * subspace step is projected onto the box (L-BFGS-B 3.0, Morales and Nocedal 2011); if that projected point
 * does not give a descent direction from x, the step is instead truncated to stay feasible (the 1995 rule).
 */
final class SubspaceMinimization {
    private SubspaceMinimization() {}

    /** Returns the target point x-bar (the search direction is x-bar - x), or null on numerical breakdown. */
    static double[] target(double[] x, double[] g, CauchyPoint cauchy, Box box, LimitedMemoryBfgs memory) {
        int[] free = cauchy.freeVariables;
        double[] xc = cauchy.point;
        if (free.length == 0 || memory.pairs() == 0) return xc.clone();
        double theta = memory.theta();
        int m2 = 2 * memory.pairs();

        // reduced gradient of the model at x^c: r = Z^T (g + theta (x^c - x) - W M c)
        double[] mc = DenseAlgebra.multiply(memory.middle(), cauchy.c);
        double[] r = new double[free.length];
        double[] v = new double[m2];          // W^T Z r
        double[][] k = new double[m2][m2];    // becomes M^-1 - W^T Z Z^T W / theta
        double[] w = new double[m2];
        for (int f = 0; f < free.length; f++) {
            int i = free[f];
            memory.wRow(i, w);
            r[f] = g[i] + theta * (xc[i] - x[i]) - dot(w, mc);
            for (int a = 0; a < m2; a++) {
                v[a] += r[f] * w[a];
                for (int b = 0; b <= a; b++) k[a][b] -= w[a] * w[b] / theta;
            }
        }
        double[][] mInv = memory.middleInverse();
        for (int a = 0; a < m2; a++)
            for (int b = 0; b <= a; b++) {
                k[a][b] += mInv[a][b];
                k[b][a] = k[a][b];
            }
        // Sherman-Morrison-Woodbury: du = -r/theta - Z^T W (M^-1 - W^T Z Z^T W / theta)^-1 W^T Z r / theta^2
        double[] sol = DenseAlgebra.solve(k, v);
        if (sol == null) return null;
        double[] du = new double[free.length];
        for (int f = 0; f < free.length; f++) {
            memory.wRow(free[f], w);
            du[f] = -r[f] / theta - dot(w, sol) / (theta * theta);
            if (!Double.isFinite(du[f])) return null;
        }

        // 3.0 rule: project x^c + du onto the box and keep it if it still points downhill from x
        double[] xbar = xc.clone();
        boolean clipped = false;
        for (int f = 0; f < free.length; f++) {
            int i = free[f];
            double unclipped = xc[i] + du[f];
            xbar[i] = box.clamp(i, unclipped);
            clipped |= xbar[i] != unclipped;
        }
        if (!clipped) return xbar;
        double slope = 0;
        for (int i = 0; i < x.length; i++) slope += (xbar[i] - x[i]) * g[i];
        if (slope < 0) return xbar;

        // 1995 rule: largest alpha <= 1 keeping x^c + alpha du feasible
        double alpha = 1;
        int limiting = -1;
        for (int f = 0; f < free.length; f++) {
            int i = free[f];
            double a = Double.POSITIVE_INFINITY;
            if (du[f] < 0) a = (box.lower[i] - xc[i]) / du[f];
            else if (du[f] > 0) a = (box.upper[i] - xc[i]) / du[f];
            if (a < alpha) {
                alpha = a;
                limiting = f;
            }
        }
        xbar = xc.clone();
        for (int f = 0; f < free.length; f++) xbar[free[f]] = box.clamp(free[f], xc[free[f]] + alpha * du[f]);
        if (limiting >= 0) {
            int i = free[limiting];
            xbar[i] = du[limiting] > 0 ? box.upper[i] : box.lower[i];
        }
        return xbar;
    }
}
