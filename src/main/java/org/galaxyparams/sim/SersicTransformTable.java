package org.galaxyparams.sim;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.galaxyparams.math.FftLogHankel;

/**
 * Fourier transform F_n(q) of the unit-flux, unit-half-light-radius Sersic profile, tabulated on a grid
 * of n (step {@value #N_STEP}) and of u = sqrt(q) (q in 1/hlr). Rows are computed lazily with FFTLog
 * (about a millisecond each) and shared by all threads; a continuous n is served by cubic interpolation
 * across four rows, so every n costs the same.
 */
public final class SersicTransformTable {
    static final double N_STEP = 0.02;
    /** Spacing of the u = sqrt(q) grid. */
    public static final double DU = 0.004;
    /** q beyond which F is extrapolated as a power law. */
    public static final double Q_MAX = 400;
    static final int U_POINTS = (int) Math.ceil(Math.sqrt(Q_MAX) / DU) + 4;
    private static final int ROWS = (int) Math.round((SersicProfile.MAX_N - SersicProfile.MIN_N) / N_STEP) + 1;

    private static final int FFTLOG_N = 8192;
    private static final double FFTLOG_DS = 0.005;
    private static final double LN_RC = -9.5; // centre of the ln r range, in ln hlr

    private static final SersicTransformTable INSTANCE = new SersicTransformTable();
    private final AtomicReferenceArray<double[]> rows = new AtomicReferenceArray<>(ROWS);
    private final ThreadLocal<FftLogHankel> hankel =
            ThreadLocal.withInitial(() -> new FftLogHankel(FFTLOG_N, FFTLOG_DS, Math.exp(LN_RC), 1.0));

    private SersicTransformTable() {}

    public static SersicTransformTable shared() { return INSTANCE; }

    /**
     * Fills {@code out[i]} with F_n at u = i * DU for i below out.length (at most U_POINTS),
     * interpolating cubically in n between the tabulated rows.
     */
    public double[] interpolateInN(double n, double[] out) {
        return interpolateInN(n, out, null);
    }

    /** As {@link #interpolateInN(double, double[])}, also filling {@code dOut} (if not null) with dF_n/dn. */
    public double[] interpolateInN(double n, double[] out, double[] dOut) {
        return interpolateInN(n, out, dOut, out.length);
    }

    /** The same for the first {@code points} values only (the rest of {@code out} is left as it was). */
    public double[] interpolateInN(double n, double[] out, double[] dOut, int points) {
        if (!(n >= SersicProfile.MIN_N && n <= SersicProfile.MAX_N)) {
            throw new IllegalArgumentException("Sersic index n=" + n + " is outside "
                    + SersicProfile.MIN_N + "-" + SersicProfile.MAX_N);
        }
        double t = (n - SersicProfile.MIN_N) / N_STEP;
        int i1 = Math.min((int) Math.floor(t), ROWS - 2);
        int i0 = Math.max(i1 - 1, 0);
        i0 = Math.min(i0, ROWS - 4);
        double x = t - i0; // position relative to row i0, in [0, 3]
        double[] w = lagrange4(x);
        double[] r0 = row(i0), r1 = row(i0 + 1), r2 = row(i0 + 2), r3 = row(i0 + 3);
        int len = Math.min(Math.min(points, out.length), U_POINTS);
        for (int i = 0; i < len; i++) {
            out[i] = w[0] * r0[i] + w[1] * r1[i] + w[2] * r2[i] + w[3] * r3[i];
        }
        if (dOut != null) {
            double[] d = lagrange4Derivative(x);
            for (int i = 0; i < len; i++) {
                dOut[i] = (d[0] * r0[i] + d[1] * r1[i] + d[2] * r2[i] + d[3] * r3[i]) / N_STEP;
            }
        }
        return out;
    }

    /** d/dx of {@link #lagrange4}. */
    static double[] lagrange4Derivative(double x) {
        double a = x, b = x - 1, c = x - 2, d = x - 3;
        return new double[] {
            -(c * d + b * d + b * c) / 6,
            (c * d + a * d + a * c) / 2,
            -(b * d + a * d + a * b) / 2,
            (b * c + a * c + a * b) / 6
        };
    }

    /** Lagrange weights for nodes 0,1,2,3 at x. */
    static double[] lagrange4(double x) {
        return new double[] {
            -(x - 1) * (x - 2) * (x - 3) / 6,
            x * (x - 2) * (x - 3) / 2,
            -x * (x - 1) * (x - 3) / 2,
            x * (x - 1) * (x - 2) / 6
        };
    }

    /** Row for the tabulated n = MIN_N + i N_STEP. */
    double[] row(int i) {
        double[] r = rows.get(i);
        if (r == null) {
            r = computeRow(SersicProfile.MIN_N + i * N_STEP);
            if (!rows.compareAndSet(i, null, r)) r = rows.get(i);
        }
        return r;
    }

    /** F_n(q) at the u grid, straight from FFTLog (no n interpolation). */
    double[] computeRow(double n) {
        double[] lnK = new double[1];
        double[] f = exactOnLogGrid(n, lnK);
        SersicProfile p = new SersicProfile(n);
        double m2 = p.radialMoment(1), m4 = p.radialMoment(2);
        double[] row = new double[U_POINTS];
        for (int i = 0; i < U_POINTS; i++) {
            double u = i * DU, q = u * u;
            if (q < 2e-3) {
                double q2 = q * q; // series: 1 - <r^2> q^2 / 4 + <r^4> q^4 / 64
                row[i] = 1 - m2 * q2 / 4 + m4 * q2 * q2 / 64;
            } else {
                row[i] = cubicOnGrid(f, (Math.log(q) - lnK[0]) / FFTLOG_DS);
            }
        }
        return row;
    }

    /** F_n on the FFTLog output grid ln k = lnK0 + l ds; lnK0 returned in lnK0Out[0]. */
    double[] exactOnLogGrid(double n, double[] lnK0Out) {
        SersicProfile p = new SersicProfile(n);
        FftLogHankel h = hankel.get();
        int size = h.size();
        double[] a = new double[size];
        double s0 = LN_RC - size / 2 * FFTLOG_DS;
        for (int j = 0; j < size; j++) {
            double r = Math.exp(s0 + j * FFTLOG_DS);
            a[j] = 2 * Math.PI * r * p.intensity(r);
        }
        double[] out = h.transform(a);
        double k0 = -size / 2 * FFTLOG_DS;
        for (int l = 0; l < size; l++) out[l] /= Math.exp(k0 + l * FFTLOG_DS);
        lnK0Out[0] = k0;
        return out;
    }

    private static double cubicOnGrid(double[] f, double x) {
        int i = (int) Math.floor(x) - 1;
        double t = x - i;
        double[] w = lagrange4(t);
        return w[0] * f[i] + w[1] * f[i + 1] + w[2] * f[i + 2] + w[3] * f[i + 3];
    }

    /** Direct (uncached, n-exact) value, for tests and checks. */
    public static double exactValue(double n, double q) {
        double[] lnK = new double[1];
        double[] f = INSTANCE.exactOnLogGrid(n, lnK);
        return cubicOnGrid(f, (Math.log(q) - lnK[0]) / FFTLOG_DS);
    }
}
