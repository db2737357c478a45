package org.galaxyparams.math;

/** Modified Bessel function K1 (Abramowitz and Stegun 9.8.7-9.8.8 polynomial fits, relative error below 2e-7). */
public final class BesselK1 {
    private BesselK1() {}

    /** x K1(x), which tends to 1 as x tends to 0 (the Fourier transform of a beta = 2 Moffat profile). */
    public static double xK1(double x) {
        if (x < 0) throw new IllegalArgumentException("x must be >= 0");
        if (x == 0) return 1.0;
        return x * k1(x);
    }

    public static double k1(double x) {
        if (x <= 2.0) {
            double y = x * x / 4.0;
            double t = x / 3.75;
            double t2 = t * t;
            double i1 = x * (0.5 + t2 * (0.87890594 + t2 * (0.51498869 + t2 * (0.15084934
                    + t2 * (0.02658733 + t2 * (0.00301532 + t2 * 0.00032411))))));
            return Math.log(x / 2.0) * i1 + (1.0 / x) * (1.0 + y * (0.15443144 + y * (-0.67278579
                    + y * (-0.18156897 + y * (-0.01919402 + y * (-0.00110404 + y * (-0.00004686)))))));
        }
        double y = 2.0 / x;
        return Math.exp(-x) / Math.sqrt(x) * (1.25331414 + y * (0.23498619 + y * (-0.03655620
                + y * (0.01504268 + y * (-0.00780353 + y * (0.00325614 + y * (-0.00068245)))))));
    }
}
