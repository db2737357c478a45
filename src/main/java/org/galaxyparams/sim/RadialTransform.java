package org.galaxyparams.sim;

import java.util.function.DoubleUnaryOperator;

/**
 * A unit-flux radial Fourier transform f(x), x = k * scale radius, tabulated on a uniform grid
 * and read back with 4-point cubic interpolation; f is 0 beyond the grid.
 */
final class RadialTransform {
    private final double invDx;
    private final double[] table;
    private final double maxK1e3; // x where |f| last exceeds 1e-3

    RadialTransform(DoubleUnaryOperator f, double xMax, double dx) {
        this.invDx = 1 / dx;
        int n = (int) Math.ceil(xMax / dx) + 4;
        table = new double[n];
        double last = 0;
        for (int i = 0; i < n; i++) {
            table[i] = i * dx <= xMax ? f.applyAsDouble(i * dx) : 0;
            if (Math.abs(table[i]) > 1e-3) last = i * dx;
        }
        maxK1e3 = last;
    }

    /** Value at x >= 0. */
    double at(double x) {
        double t = x * invDx;
        int i = (int) t;
        if (i >= table.length - 3) return 0;
        double u = t - i;
        if (i == 0) { // symmetric function: use f(-dx) = f(dx)
            return cubic(table[1], table[0], table[1], table[2], u);
        }
        return cubic(table[i - 1], table[i], table[i + 1], table[i + 2], u);
    }

    /**
     * f(step * sqrt(a^2 + b^2)) for a, b in 0..ka, row-major with stride ka + 1, filled using the symmetry in
     * a and b; reuses {@code buffer} when it is large enough.
     */
    double[] onLattice(double step, int ka, double[] buffer) {
        int stride = ka + 1;
        double[] t = buffer.length >= stride * stride ? buffer : new double[stride * stride];
        for (int a = 0; a <= ka; a++) {
            for (int b = 0; b <= a; b++) {
                double v = at(Math.sqrt((double) a * a + (double) b * b) * step);
                t[a * stride + b] = v;
                t[b * stride + a] = v;
            }
        }
        return t;
    }

    /** x at which |f| drops below 1e-3 (GalSim's default maxk_threshold). */
    double maxX() { return maxK1e3; }

    static double cubic(double f0, double f1, double f2, double f3, double u) {
        // 4-point Lagrange through nodes -1, 0, 1, 2 evaluated at u in [0, 1)
        // the four weights share two products; multiplying by 1/6 and 1/2 instead of dividing keeps this hot loop fast
        double um1 = u - 1, um2 = u - 2, up1 = u + 1;
        double a = u * um1, b = up1 * um2;
        return SIXTH * a * (up1 * f3 - um2 * f0) + 0.5 * b * (um1 * f1 - u * f2);
    }

    private static final double SIXTH = 1.0 / 6;

    /** d/du of {@link #cubic} (per unit of u, i.e. per grid step). */
    static double cubicDerivative(double f0, double f1, double f2, double f3, double u) {
        double um1 = u - 1, um2 = u - 2, up1 = u + 1;
        return -(um1 * um2 + u * um2 + u * um1) / 6 * f0 + (um1 * um2 + up1 * um2 + up1 * um1) / 2 * f1
                - (u * um2 + up1 * um2 + up1 * u) / 2 * f2 + (u * um1 + up1 * um1 + up1 * u) / 6 * f3;
    }


}
