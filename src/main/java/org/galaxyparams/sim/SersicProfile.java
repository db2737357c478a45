package org.galaxyparams.sim;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Gamma;

/**
 * The unit-flux Sersic profile I(r) = I0 exp(-b r^(1/n)) with r in units of the half-light radius,
 * untruncated, as GalSim's {@code Sersic(n, half_light_radius=1)}.
 */
public final class SersicProfile {
    public static final double MIN_N = 0.3;
    public static final double MAX_N = 6.2;

    private final double n;
    private final double b;
    private final double lnI0;

    public SersicProfile(double n) {
        if (!(n >= MIN_N && n <= MAX_N)) {
            throw new IllegalArgumentException("Sersic index n=" + n + " is outside " + MIN_N + "-" + MAX_N);
        }
        this.n = n;
        this.b = solveB(n);
        // flux = I0 2 pi n Gamma(2n) / b^(2n) = 1
        this.lnI0 = 2 * n * Math.log(b) - Math.log(2 * Math.PI * n) - Gamma.logGamma(2 * n);
    }

    /** b such that half the flux lies inside r = 1: P(2n, b) = 1/2. */
    static double solveB(double n) {
        double twoN = 2 * n;
        return new BrentSolver(1e-15, 1e-15)
                .solve(200, x -> Gamma.regularizedGammaP(twoN, x, 1e-16, 10000) - 0.5, 1e-6, 40);
    }

    public double n() { return n; }
    public double b() { return b; }

    /** Surface brightness at radius r (half-light radii), for unit total flux and unit half-light radius. */
    public double intensity(double r) {
        return Math.exp(lnI0 - b * Math.pow(r, 1 / n));
    }

    /** Radial moment &lt;r^(2m)&gt; in units of hlr^(2m). */
    public double radialMoment(int m) {
        return Math.exp(Gamma.logGamma(2 * n * (m + 1)) - Gamma.logGamma(2 * n) - 2 * n * m * Math.log(b));
    }
}
