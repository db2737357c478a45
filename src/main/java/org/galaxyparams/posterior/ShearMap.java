package org.galaxyparams.posterior;

/**
 * The change of variables under which the study's shear prior is flat. The prior draws A = |g| uniform on
 * [0, A_max] and the angle uniform, so its density in the (g1, g2) plane is 1 / (2 pi A_max |g|): infinite at g = 0,
 * which would give importance weights of infinite variance. With g = h |h| / A_max the area element is
 * d²g = 2 |h|² / A_max² d²h, so the density in h is the constant 1 / (pi A_max²): h is uniform on the disk of
 * radius A_max, and sampling in h needs no prior weight at all.
 */
final class ShearMap {
    private final double aMax;

    ShearMap(double aMax) {
        if (!(aMax > 0)) throw new IllegalArgumentException("shear bound must be > 0, got " + aMax);
        this.aMax = aMax;
    }

    double radius() { return aMax; }

    /** g from h (two components). */
    double[] shear(double h1, double h2) {
        double r = Math.hypot(h1, h2);
        return new double[] {h1 * r / aMax, h2 * r / aMax};
    }

    /** h from g: the same direction, |h| = sqrt(A_max |g|). */
    double[] fromShear(double g1, double g2) {
        double a = Math.hypot(g1, g2);
        if (a == 0) return new double[] {0, 0};
        double s = Math.sqrt(aMax / a);
        return new double[] {g1 * s, g2 * s};
    }

    /** dg/dh at h (row i = g_i): (delta_ij |h| + h_i h_j / |h|) / A_max, zero at h = 0. */
    double[][] jacobian(double h1, double h2) {
        double r = Math.hypot(h1, h2);
        if (r == 0) return new double[2][2];
        double[] h = {h1, h2};
        double[][] j = new double[2][2];
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) j[a][b] = ((a == b ? r : 0) + h[a] * h[b] / r) / aMax;
        return j;
    }
}
