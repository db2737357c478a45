package org.galaxyparams.math;

/** Log-gamma of a complex argument (Stirling series after an upward shift); accurate to ~1e-14. */
public final class LogGamma {
    private static final double HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
    // Stirling coefficients B_{2k} / (2k (2k-1)) for k = 1..8
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
        -691.0 / 360360, 1.0 / 156, -3617.0 / 122400
    };
    private static final int SHIFT = 10;

    private LogGamma() {}

    /** Returns {Re, Im} of ln Gamma(re + i im) for re &gt; 0; the imaginary part is continuous, not reduced mod 2 pi. */
    public static double[] of(double re, double im) {
        if (!(re > 0)) throw new IllegalArgumentException("LogGamma needs Re z > 0, got " + re);
        // ln Gamma(z) = ln Gamma(z + SHIFT) - sum_{k=0}^{SHIFT-1} ln(z + k)
        double sumRe = 0, sumIm = 0;
        for (int k = 0; k < SHIFT; k++) {
            double a = re + k;
            sumRe += 0.5 * Math.log(a * a + im * im);
            sumIm += Math.atan2(im, a);
        }
        double zr = re + SHIFT, zi = im;
        double lnAbs = 0.5 * Math.log(zr * zr + zi * zi), arg = Math.atan2(zi, zr);
        // (z - 1/2) ln z - z + ln(2 pi)/2
        double outRe = (zr - 0.5) * lnAbs - zi * arg - zr + HALF_LN_2PI;
        double outIm = (zr - 0.5) * arg + zi * lnAbs - zi;
        // series in 1/z
        double d = zr * zr + zi * zi;
        double ir = zr / d, ii = -zi / d;          // 1/z
        double i2r = ir * ir - ii * ii, i2i = 2 * ir * ii; // 1/z^2
        double pr = ir, pi = ii;
        for (double c : STIRLING) {
            outRe += c * pr;
            outIm += c * pi;
            double nr = pr * i2r - pi * i2i;
            pi = pr * i2i + pi * i2r;
            pr = nr;
        }
        return new double[] {outRe - sumRe, outIm - sumIm};
    }
}
