package org.galaxyparams.sim;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Gradient of sum_pixels w(x) mu(x; theta) with respect to the five parameters (label order), where mu is the
 * image {@link GalaxyRenderer} draws on a fixed grid: one forward FFT of the weights, then analytic
 * derivatives of the Fourier product at every sampled wavenumber (Parseval). With w = dNLL/dmu this is the
 * exact gradient of a likelihood at the cost of about one extra drawing. Not thread-safe.
 */
public final class ModelAdjoint {
    private final SersicTransformTable sersic = SersicTransformTable.shared();
    private final double[] row = new double[SersicTransformTable.U_POINTS];
    private final double[] dRowDn = new double[SersicTransformTable.U_POINTS];
    private double[][] spectrum;
    private final DrawingFactors factors = new DrawingFactors();
    private DoubleFFT_2D fft;
    private int fftSize;

    /**
     * @param weights w(x) on the stamp, row-major size*size
     * @param gradOut receives d/d(flux, n, hlr, g1, g2) of sum w mu, and, when it has 7 elements, also
     *                d/d(offsetX, offsetY) in pixels (the profile centre)
     */
    public void gradient(GalaxyParams gal, PsfModel psf, StampGeometry geo, GalaxyRenderer.Grid grid,
                         double[] weights, double[] gradOut) {
        gal.validate();
        int size = geo.size(), n = grid.fftSize();
        double scale = geo.pixelScale();
        double dk = 2 * Math.PI / (n * scale);
        int ka = (int) Math.ceil(Math.max(Math.PI / scale, grid.maxK()) / dk);
        weightSpectrum(weights, size, n);

        double flux = gal.flux(), hlr = gal.hlrArcsec(), g1 = gal.g1(), g2 = gal.g2();
        double d = 1 - g1 * g1 - g2 * g2, d2 = d * d, h2 = hlr * hlr;
        double p11 = (1 + g1) * (1 + g1) + g2 * g2, p22 = (1 - g1) * (1 - g1) + g2 * g2;
        double a11 = p11 / d, a12 = 2 * g2 / d, a22 = p22 / d; // A^2 of the shear
        double a11g1 = (2 * (1 + g1) * d + p11 * 2 * g1) / d2, a11g2 = (2 * g2 * d + p11 * 2 * g2) / d2;
        double a12g1 = 4 * g2 * g1 / d2, a12g2 = (2 * d + 4 * g2 * g2) / d2;
        double a22g1 = (-2 * (1 - g1) * d + p22 * 2 * g1) / d2, a22g2 = (2 * g2 * d + p22 * 2 * g2) / d2;
        sersic.interpolateInN(gal.sersicN(), row, dRowDn);

        AxisFactors f = factors.axes(ka, dk, scale, geo.centreX() * scale, geo.centreY() * scale);
        RadialTransform psfFt = psf.transform();
        double r0 = psf.scaleRadiusArcsec();
        double invDu = 1 / SersicTransformTable.DU;
        int uLimit = row.length - 3;
        double[] psfLattice = factors.psfLattice(psfFt, r0 * dk, ka);
        int stride = ka + 1;
        double gFlux = 0, gN = 0, gHlr = 0, gG1 = 0, gG2 = 0, gX = 0, gY = 0;
        boolean centre = gradOut.length >= 7;
        for (int a = 0; a <= ka; a++) {
            double kx = a * dk;
            double w = (a == 0 ? 1 : 2) * f.sinc[a + ka];
            double pxr = f.cosX[a + ka] * w, pxi = f.sinX[a + ka] * w;
            double[] spec = spectrum[Math.floorMod(a, n)];
            for (int b = -ka; b <= ka; b++) {
                double ky = b * dk;
                double psfV = psfLattice[a * stride + Math.abs(b)];
                double q2 = h2 * (a11 * kx * kx + 2 * a12 * kx * ky + a22 * ky * ky);
                double u = Math.sqrt(Math.sqrt(q2));
                double t = u * invDu;
                int i = (int) t;
                if (i >= uLimit) continue;
                double frac = t - i;
                double s, dsdn, dsdq2;
                if (i == 0) {
                    s = RadialTransform.cubic(row[1], row[0], row[1], row[2], frac);
                    dsdn = RadialTransform.cubic(dRowDn[1], dRowDn[0], dRowDn[1], dRowDn[2], frac);
                    dsdq2 = 0; // only k = 0 lands here, where F = 1 for every shape
                } else {
                    s = RadialTransform.cubic(row[i - 1], row[i], row[i + 1], row[i + 2], frac);
                    dsdn = RadialTransform.cubic(dRowDn[i - 1], dRowDn[i], dRowDn[i + 1], dRowDn[i + 2], frac);
                    double dsdu = RadialTransform.cubicDerivative(row[i - 1], row[i], row[i + 1], row[i + 2], frac) * invDu;
                    dsdq2 = dsdu / (4 * u * u * u);
                }
                int j = b + ka;
                double pyr = f.sinc[j] * f.cosY[j], pyi = f.sinc[j] * f.sinY[j];
                double pr = pxr * pyr - pxi * pyi, pi = pxr * pyi + pxi * pyr;
                int col = 2 * Math.floorMod(b, n);
                // Re(phase * W): the real weight of this wavenumber in sum w mu
                double z = (pr * spec[col] - pi * spec[col + 1]) * psfV;
                gFlux += z * s;
                if (centre) { // d/dc of e^{-i k c} is -i k: Re(-i k G W) = k Im(G W)
                    double zi = (pr * spec[col + 1] + pi * spec[col]) * psfV * s * flux * scale;
                    gX += zi * kx;
                    gY += zi * ky;
                }
                double zf = z * flux;
                gN += zf * dsdn;
                double zq = zf * dsdq2;
                gHlr += zq * 2 * q2 / hlr;
                gG1 += zq * h2 * (a11g1 * kx * kx + 2 * a12g1 * kx * ky + a22g1 * ky * ky);
                gG2 += zq * h2 * (a11g2 * kx * kx + 2 * a12g2 * kx * ky + a22g2 * ky * ky);
            }
        }
        double norm = 1.0 / ((double) n * n);
        gradOut[0] = gFlux * norm;
        gradOut[1] = gN * norm;
        gradOut[2] = gHlr * norm;
        gradOut[3] = gG1 * norm;
        gradOut[4] = gG2 * norm;
        if (centre) {
            gradOut[5] = gX * norm;
            gradOut[6] = gY * norm;
        }
    }

    /** spectrum[a][2b..2b+1] = sum_x w(x) e^{+2 pi i (a x + b y) / N} (indexed [kx][ky]). */
    private void weightSpectrum(double[] weights, int size, int n) {
        if (fftSize != n) {
            fftSize = n;
            fft = new DoubleFFT_2D(n, n);
            spectrum = new double[n][2 * n];
        }
        // arrange as [x][y] so that the first index is the kx index after the transform
        for (double[] r : spectrum) java.util.Arrays.fill(r, 0);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) spectrum[x][2 * y] = weights[y * size + x];
        }
        fft.complexInverse(spectrum, false); // positive exponent, unscaled
    }
}
