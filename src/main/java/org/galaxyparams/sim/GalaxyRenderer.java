package org.galaxyparams.sim;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Draws the noiseless image of a sheared Sersic galaxy convolved with a PSF and the pixel response,
 * as GalSim's {@code Convolve(psf, gal).drawImage(nx, ny, scale)} does: the product of the three Fourier
 * transforms is sampled on a grid of spacing 2 pi / (N scale), folded onto the N x N period (which
 * accounts for aliasing beyond Nyquist), and inverse transformed; the stamp is the central part.
 * Not thread-safe (it keeps work buffers): use one renderer per thread.
 */
public final class GalaxyRenderer {
    /** Settings of the Fourier drawing; the defaults meet SPEC section 1. */
    public record Settings(int minFftSize, double kThreshold) {
        public static final Settings DEFAULT = new Settings(128, 1e-3);
    }

    private final Settings settings;
    private final SersicTransformTable sersic = SersicTransformTable.shared();
    private double[] sersicRow = new double[SersicTransformTable.U_POINTS];
    private double[][] grid;
    private DoubleFFT_2D fft;
    private int fftSize;

    public GalaxyRenderer() { this(Settings.DEFAULT); }

    public GalaxyRenderer(Settings settings) { this.settings = settings; }

    /** Renders into a new array of size*size pixels, row-major (index y * size + x), in counts per pixel. */
    public double[] render(GalaxyParams gal, PsfModel psf, StampGeometry geo) {
        double[] out = new double[geo.size() * geo.size()];
        render(gal, psf, geo, out);
        return out;
    }

    public void render(GalaxyParams gal, PsfModel psf, StampGeometry geo, double[] out) {
        gal.validate();
        double g1 = gal.g1(), g2 = gal.g2(), gsq = g1 * g1 + g2 * g2;
        double hlr2 = gal.hlrArcsec() * gal.hlrArcsec();
        // q^2 = hlr^2 k^T A^2 k with A the area-preserving shear matrix (A^2 below)
        double axx = ((1 + g1) * (1 + g1) + g2 * g2) / (1 - gsq) * hlr2;
        double axy = 4 * g2 / (1 - gsq) * hlr2; // twice the off-diagonal of A^2
        double ayy = ((1 - g1) * (1 - g1) + g2 * g2) / (1 - gsq) * hlr2;
        double stretchMin = Math.sqrt((1 - Math.sqrt(gsq)) / (1 + Math.sqrt(gsq)));
        double stretchMax = 1 / stretchMin;
        double galMaxK = sersicMaxQ(gal.sersicN()) / (gal.hlrArcsec() * stretchMin);
        drawFolded(gal.flux(), psf, geo, Math.min(psf.maxK(), galMaxK),
                gal.hlrArcsec() * stretchMax, axx, axy, ayy, out);
    }

    /** The PSF alone (unit flux) with the pixel response, centred as a galaxy would be. */
    public double[] renderPsf(PsfModel psf, StampGeometry geo) {
        double[] out = new double[geo.size() * geo.size()];
        drawFolded(1.0, psf, geo, psf.maxK(), 0, 0, 0, 0, out);
        return out;
    }

    private double sersicMaxQ(double n) {
        sersic.interpolateInN(n, sersicRow);
        for (int i = sersicRow.length - 1; i > 0; i--) {
            if (Math.abs(sersicRow[i]) > settings.kThreshold()) {
                double u = i * SersicTransformTable.DU;
                return u * u;
            }
        }
        return 0;
    }

    /**
     * @param qScale hlr times the largest stretch (0 for no galaxy: the Sersic factor is 1)
     */
    private void drawFolded(double flux, PsfModel psf, StampGeometry geo, double profileMaxK, double qScale,
                            double axx, double axy, double ayy, double[] out) {
        int size = geo.size();
        double scale = geo.pixelScale();
        int n = fftSizeFor(size);
        double dk = 2 * Math.PI / (n * scale);
        double kMax = Math.max(Math.PI / scale, profileMaxK);
        int ka = (int) Math.ceil(kMax / dk);
        ensureBuffers(n);
        for (double[] row : grid) java.util.Arrays.fill(row, 0);

        double r0 = psf.scaleRadiusArcsec();
        RadialTransform psfFt = psf.transform();
        boolean galaxy = qScale > 0;
        double[] srow = sersicRow;
        double invDu = 1 / SersicTransformTable.DU;
        int uLimit = srow.length - 3;
        // per-axis factors: pixel sinc and the phase that puts the centre at (cx, cy)
        int len = 2 * ka + 1;
        double[] sinc = new double[len], cosx = new double[len], sinx = new double[len], cosy = new double[len], siny = new double[len];
        double cx = geo.centreX() * scale, cy = geo.centreY() * scale;
        for (int i = -ka; i <= ka; i++) {
            double k = i * dk;
            double h = 0.5 * k * scale;
            sinc[i + ka] = i == 0 ? 1 : Math.sin(h) / h;
            cosx[i + ka] = Math.cos(k * cx);
            sinx[i + ka] = -Math.sin(k * cx);
            cosy[i + ka] = Math.cos(k * cy);
            siny[i + ka] = -Math.sin(k * cy);
        }
        for (int a = 0; a <= ka; a++) {
            double kx = a * dk;
            double w = (a == 0 ? 1 : 2) * flux * sinc[a + ka];
            int col = 2 * (a % n);
            double pxr = cosx[a + ka], pxi = sinx[a + ka];
            for (int b = -ka; b <= ka; b++) {
                double ky = b * dk;
                double ksq = kx * kx + ky * ky;
                double v = w * sinc[b + ka] * psfFt.at(Math.sqrt(ksq) * r0);
                if (galaxy) {
                    double q2 = axx * kx * kx + axy * kx * ky + ayy * ky * ky;
                    double t = Math.sqrt(Math.sqrt(q2)) * invDu;
                    int i = (int) t;
                    if (i >= uLimit) {
                        v = 0;
                    } else {
                        double u = t - i;
                        v *= i == 0 ? RadialTransform.cubic(srow[1], srow[0], srow[1], srow[2], u)
                                : RadialTransform.cubic(srow[i - 1], srow[i], srow[i + 1], srow[i + 2], u);
                    }
                }
                if (v == 0) continue;
                double pr = pxr * cosy[b + ka] - pxi * siny[b + ka];
                double pi = pxr * siny[b + ka] + pxi * cosy[b + ka];
                double[] row = grid[Math.floorMod(b, n)];
                row[col] += v * pr;
                row[col + 1] += v * pi;
            }
        }
        fft.complexInverse(grid, false);
        double norm = 1.0 / ((double) n * n);
        for (int y = 0; y < size; y++) {
            double[] row = grid[y];
            for (int x = 0; x < size; x++) out[y * size + x] = row[2 * x] * norm;
        }
    }

    private int fftSizeFor(int size) {
        int n = Math.max(settings.minFftSize(), size);
        return goodFftSize(n);
    }

    /** Smallest 2^k or 3 * 2^k at least n. */
    static int goodFftSize(int n) {
        int p = Integer.highestOneBit(Math.max(n - 1, 1)) << 1;
        if (p >= n && p / 2 >= n) p /= 2;
        int three = 3 * (p / 4);
        return three >= n ? three : p;
    }

    private void ensureBuffers(int n) {
        if (fftSize != n) {
            fftSize = n;
            grid = new double[n][2 * n];
            fft = new DoubleFFT_2D(n, n);
        }
    }
}
