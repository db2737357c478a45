package org.galaxyparams.sim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Gamma;

/**
 * Radius, in half-light radii, outside which a given fraction of a Sersic profile's flux lies, at least
 * 5 scale radii (as GalSim's SersicInfo::stepK). Tabulated in n (step 0.01, linear interpolation in ln R).
 */
final class SersicFoldingRadius {
    private static final double STEP = 0.01;
    private static final Map<Double, double[]> TABLES = new ConcurrentHashMap<>();

    private SersicFoldingRadius() {}

    static double inHlr(double n, double folding) {
        double[] t = TABLES.computeIfAbsent(folding, SersicFoldingRadius::table);
        double x = (n - SersicProfile.MIN_N) / STEP;
        int i = Math.min((int) x, t.length - 2);
        double u = x - i;
        return Math.exp(t[i] * (1 - u) + t[i + 1] * u);
    }

    private static double[] table(double folding) {
        int len = (int) Math.round((SersicProfile.MAX_N - SersicProfile.MIN_N) / STEP) + 1;
        double[] t = new double[len];
        for (int i = 0; i < len; i++) t[i] = Math.log(exact(SersicProfile.MIN_N + i * STEP, folding));
        return t;
    }

    /** R / hlr from Q(2n, z) = folding, R = r0 z^n, r0 = hlr / b^n; floor 5 r0. */
    static double exact(double n, double folding) {
        double b = SersicProfile.solveB(n);
        double z = new BrentSolver(1e-12, 1e-12).solve(500,
                x -> Gamma.regularizedGammaQ(2 * n, x, 1e-15, 100000) - folding, 1e-3, 500);
        return Math.max(Math.pow(z / b, n), 5 / Math.pow(b, n));
    }
}
