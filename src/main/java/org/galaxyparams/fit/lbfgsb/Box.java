package org.galaxyparams.fit.lbfgsb;

/** Simple bounds l <= x <= u; infinite entries mean "no bound on that side". */
final class Box {
    final double[] lower;
    final double[] upper;
    /** At least one finite bound (the Fortran code's "cnstnd"). */
    final boolean constrained;
    /** Every variable has two finite bounds (the Fortran code's "boxed"). */
    final boolean fullyBoxed;

    private Box(double[] lower, double[] upper) {
        this.lower = lower;
        this.upper = upper;
        boolean any = false, all = true;
        for (int i = 0; i < lower.length; i++) {
            boolean lo = lower[i] != Double.NEGATIVE_INFINITY, hi = upper[i] != Double.POSITIVE_INFINITY;
            any |= lo || hi;
            all &= lo && hi;
        }
        constrained = any;
        fullyBoxed = all;
    }

    /** Validates and copies the bounds; null means unbounded on that side for every variable. */
    static Box of(int n, double[] lower, double[] upper) {
        double[] lo = new double[n], hi = new double[n];
        if (lower != null && lower.length != n)
            throw new IllegalArgumentException("lower has length " + lower.length + " but x0 has length " + n);
        if (upper != null && upper.length != n)
            throw new IllegalArgumentException("upper has length " + upper.length + " but x0 has length " + n);
        for (int i = 0; i < n; i++) {
            lo[i] = lower == null ? Double.NEGATIVE_INFINITY : lower[i];
            hi[i] = upper == null ? Double.POSITIVE_INFINITY : upper[i];
            if (Double.isNaN(lo[i]) || Double.isNaN(hi[i]))
                throw new IllegalArgumentException("bound " + i + " is NaN");
            if (lo[i] == Double.POSITIVE_INFINITY)
                throw new IllegalArgumentException("lower[" + i + "] is +infinity");
            if (hi[i] == Double.NEGATIVE_INFINITY)
                throw new IllegalArgumentException("upper[" + i + "] is -infinity");
            if (lo[i] > hi[i])
                throw new IllegalArgumentException("lower[" + i + "] = " + lo[i] + " > upper[" + i + "] = " + hi[i]);
        }
        return new Box(lo, hi);
    }

    int dimension() { return lower.length; }

    double clamp(int i, double v) { return Math.min(upper[i], Math.max(lower[i], v)); }

    /** Projection of x onto the box, in place. */
    void project(double[] x) {
        for (int i = 0; i < x.length; i++) x[i] = clamp(i, x[i]);
    }

    /** Infinity norm of P(x - g) - x, the projected gradient (x must be feasible). */
    double projectedGradientNorm(double[] x, double[] g) {
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            double gi = g[i];
            // a component pushing x out through an active bound is cut to the distance to that bound
            if (gi < 0) gi = Math.max(x[i] - upper[i], gi);
            else gi = Math.min(x[i] - lower[i], gi);
            norm = Math.max(norm, Math.abs(gi));
        }
        return norm;
    }

    /** Largest t >= 0 with x + t d inside the box (infinite if no bound is in the way). */
    double maxFeasibleStep(double[] x, double[] d) {
        double t = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (d[i] < 0) t = Math.min(t, (lower[i] - x[i]) / d[i]);
            else if (d[i] > 0) t = Math.min(t, (upper[i] - x[i]) / d[i]);
        }
        return Math.max(0.0, t);
    }
}
