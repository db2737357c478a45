package org.galaxyparams.math;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Order-0 Hankel transform on a logarithmic grid (Hamilton's FFTLog, unbiased).
 * Given a(r_j) on r_j = rc exp((j - N/2) ds), returns A(k_l) = int_0^inf a(r) J0(k r) k dr
 * on k_l = kc exp((l - N/2) ds). Exact for an input that is band-limited and periodic in ln r,
 * so the input must decay at both ends of the range.
 */
public final class FftLogHankel {
    private final int n;
    private final double ds;
    private final double[] kernel; // interleaved complex: U(tau_m) (kc rc / 2)^(-i tau_m) / N
    private final DoubleFFT_1D fft;

    public FftLogHankel(int n, double ds, double rc, double kc) {
        if (Integer.bitCount(n) != 1) throw new IllegalArgumentException("n must be a power of two");
        this.n = n;
        this.ds = ds;
        this.fft = new DoubleFFT_1D(n);
        this.kernel = new double[2 * n];
        double lnHalfKr = Math.log(kc * rc / 2);
        for (int m = 0; m < n; m++) {
            int mm = m < n / 2 ? m : m - n;
            if (m == n / 2) continue; // Nyquist term dropped; the input is band-limited
            double tau = 2 * Math.PI * mm / (n * ds);
            // U(tau) = Gamma((1 + i tau)/2) / Gamma((1 - i tau)/2) = exp(2 i Im lnGamma((1 + i tau)/2))
            double phase = 2 * LogGamma.of(0.5, 0.5 * tau)[1] - tau * lnHalfKr;
            kernel[2 * m] = Math.cos(phase) / n;
            kernel[2 * m + 1] = Math.sin(phase) / n;
        }
    }

    public int size() { return n; }
    public double spacing() { return ds; }

    /** Transforms the real input samples; returns the real output samples. */
    public double[] transform(double[] a) {
        if (a.length != n) throw new IllegalArgumentException("expected " + n + " samples");
        double[] c = new double[2 * n];
        for (int j = 0; j < n; j++) c[2 * j] = a[j];
        fft.complexForward(c);
        for (int m = 0; m < n; m++) {
            double re = c[2 * m], im = c[2 * m + 1];
            double kr = kernel[2 * m], ki = kernel[2 * m + 1];
            c[2 * m] = re * kr - im * ki;
            c[2 * m + 1] = re * ki + im * kr;
        }
        fft.complexForward(c);
        double[] out = new double[n];
        for (int l = 0; l < n; l++) out[l] = c[2 * l];
        return out;
    }
}
