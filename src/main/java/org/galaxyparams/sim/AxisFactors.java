package org.galaxyparams.sim;

/**
 * Per-axis factors of a Fourier drawing on wavenumbers i * dk, i = -ka..ka (index i + ka): the pixel
 * response sinc(k s / 2) and the phase e^{-i k c} that puts the profile centre at c (arcsec); {@code sincPhaseY} is
 * their product along y, sinc(ky s / 2) e^{-i ky cy}, as real and imaginary parts.
 */
final class AxisFactors {
    final double[] sinc, cosX, sinX, cosY, sinY, sincPhaseYRe, sincPhaseYIm;

    AxisFactors(int ka, double dk, double scale, double centreXArcsec, double centreYArcsec) {
        int len = 2 * ka + 1;
        sinc = new double[len];
        cosX = new double[len];
        sinX = new double[len];
        cosY = new double[len];
        sinY = new double[len];
        for (int i = -ka; i <= ka; i++) {
            double k = i * dk, h = 0.5 * k * scale;
            sinc[i + ka] = i == 0 ? 1 : Math.sin(h) / h;
            cosX[i + ka] = Math.cos(k * centreXArcsec);
            sinX[i + ka] = -Math.sin(k * centreXArcsec);
            cosY[i + ka] = Math.cos(k * centreYArcsec);
            sinY[i + ka] = -Math.sin(k * centreYArcsec);
        }
        sincPhaseYRe = new double[len];
        sincPhaseYIm = new double[len];
        for (int j = 0; j < len; j++) {
            sincPhaseYRe[j] = sinc[j] * cosY[j];
            sincPhaseYIm[j] = sinc[j] * sinY[j];
        }
    }
}
