package org.galaxyparams.sim;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Draws the noiseless image of a sheared Sersic galaxy convolved with a PSF and the pixel response,
 * as GalSim's {@code Convolve(psf, gal).drawImage(nx, ny, scale)} does: the product of the three Fourier
 * transforms is sampled on a grid of spacing 2 pi / (N scale), folded onto the N x N period (which
 * accounts for aliasing beyond Nyquist), and inverse transformed; the stamp is the central part.
 * Not thread-safe (it keeps work buffers): use one renderer per thread.
 */
public final class GalaxyRenderer {
    /** Settings of the Fourier drawing; the defaults meet SPEC section 1. */
    /**
     * @param minFftSize smallest FFT period in pixels
     * @param kThreshold Fourier amplitude (relative to flux) below which a profile counts as band-limited
     *                   (GalSim's maxk_threshold)
     * @param folding fraction of the flux allowed outside the FFT period (GalSim's folding_threshold)
     */
    public record Settings(int minFftSize, double kThreshold, double folding) {
        /** GalSim's default GSParams. */
        public static final Settings DEFAULT = new Settings(128, 1e-3, 5e-3);
    }

    private final Settings settings;
    private final SersicTransformTable sersic = SersicTransformTable.shared();
    private double[] sersicRow = new double[SersicTransformTable.U_POINTS];
    private double[][] columns; // kx columns 0..n/2 of the folded spectrum, each n complex values along ky
    private double[] rowBuffer;
    private DoubleFFT_1D columnFft;
    private DoubleFFT_1D rowFft;
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
        render(gal, psf, geo, gridFor(gal, psf, geo), out);
    }

    /**
     * The Fourier grid of a drawing: FFT period in pixels and the largest wavenumber sampled (1/arcsec).
     * Fits hold it fixed so that the model is a smooth function of the parameters.
     */
    public record Grid(int fftSize, double maxK) {}

    /** Largest Fourier grid side drawn (4096: 256 MiB of complex doubles); beyond it a drawing is refused. */
    public static final int MAX_GRID = 4096;

    /** The grid GalSim's rules give for this galaxy. */
    public Grid gridFor(GalaxyParams gal, PsfModel psf, StampGeometry geo) {
        gal.validate();
        double gAbs = Math.hypot(gal.g1(), gal.g2());
        double stretchMin = Math.sqrt((1 - gAbs) / (1 + gAbs));
        double galMaxK = sersicMaxQ(gal.sersicN()) / (gal.hlrArcsec() * stretchMin);
        int n = fftSizeFor(geo, psf, gal.sersicN(), gal.hlrArcsec() / stretchMin);
        return new Grid(n, Math.min(psf.maxK(), galMaxK));
    }

    /** Renders on a given grid (see {@link Grid}). */
    public void render(GalaxyParams gal, PsfModel psf, StampGeometry geo, Grid grid, double[] out) {
        gal.validate();
        double g1 = gal.g1(), g2 = gal.g2(), gsq = g1 * g1 + g2 * g2;
        double hlr2 = gal.hlrArcsec() * gal.hlrArcsec();
        // q^2 = hlr^2 k^T A^2 k with A the area-preserving shear matrix (A^2 below)
        double axx = ((1 + g1) * (1 + g1) + g2 * g2) / (1 - gsq) * hlr2;
        double axy = 4 * g2 / (1 - gsq) * hlr2; // twice the off-diagonal of A^2
        double ayy = ((1 - g1) * (1 - g1) + g2 * g2) / (1 - gsq) * hlr2;
        // the transform is needed up to the grid's corner, |k| = sqrt(2) ka dk, where q is at most hlr |k| times the
        // larger axis stretch sqrt((1 + |g|) / (1 - |g|)); u = sqrt(q) indexes the table, plus the cubic's 2 points
        double dk = 2 * Math.PI / (grid.fftSize() * geo.pixelScale());
        double kaMax = Math.ceil(Math.max(Math.PI / geo.pixelScale(), grid.maxK()) / dk);
        double gAbs = Math.sqrt(gsq);
        double qMax = gal.hlrArcsec() * Math.sqrt((1 + gAbs) / (1 - gAbs)) * Math.sqrt(2) * kaMax * dk;
        double needed = Math.sqrt(qMax) / SersicTransformTable.DU * (1 + 1e-9) + 4;
        sersic.interpolateInN(gal.sersicN(), sersicRow, null, needed < sersicRow.length ? (int) needed : sersicRow.length);
        drawFolded(gal.flux(), psf, geo, grid.fftSize(), grid.maxK(), gal.hlrArcsec(), axx, axy, ayy, out);
    }

    /** The PSF alone (unit flux) with the pixel response, centred as a galaxy would be. */
    public double[] renderPsf(PsfModel psf, StampGeometry geo) {
        double[] out = new double[geo.size() * geo.size()];
        drawFolded(1.0, psf, geo, fftSizeFor(geo, psf, 0, 0), psf.maxK(), 0, 0, 0, 0, out);
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
     * @param qScale the half-light radius when a galaxy is drawn; 0 for the PSF alone (Sersic factor 1)
     */
    private void drawFolded(double flux, PsfModel psf, StampGeometry geo, int n, double profileMaxK, double qScale,
                            double axx, double axy, double ayy, double[] out) {
        int size = geo.size();
        double scale = geo.pixelScale();
        double dk = 2 * Math.PI / (n * scale);
        double kMax = Math.max(Math.PI / scale, profileMaxK);
        double kaWanted = Math.ceil(kMax / dk);
        // a galaxy or PSF far larger than the stamp, or sampled far finer than its pixels, needs a grid no machine
        // holds: refuse it with the values to check instead of running out of memory
        if (n > MAX_GRID || kaWanted > MAX_GRID / 2.0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "drawing this needs a Fourier grid of %.0f x %.0f"
                    + " (PSF FWHM %.3g arcsec, hlr %.3g arcsec, pixel scale %.3g arcsec/pixel), beyond %d: check that the pixel scale,"
                    + " PSF FWHM and half-light radius are in arcsec and fit a %d-pixel stamp, and that the shear |g| is well below 1", Math.max(n, 2 * kaWanted + 1),
                    Math.max(n, 2 * kaWanted + 1), psf.fwhmArcsec(), qScale, scale, MAX_GRID, size));
        }
        int ka = (int) kaWanted;
        ensureBuffers(n);
        for (double[] col : columns) java.util.Arrays.fill(col, 0);

        double r0 = psf.scaleRadiusArcsec();
        RadialTransform psfFt = psf.transform();
        boolean galaxy = qScale > 0;
        double[] srow = sersicRow;
        double invDu = 1 / SersicTransformTable.DU;
        int uLimit = srow.length - 3;
        AxisFactors f = factors.axes(ka, dk, scale, geo.centreX() * scale, geo.centreY() * scale);
        double[] sinc = f.sinc, cosx = f.cosX, sinx = f.sinX;
        double[] pyr = f.sincPhaseYRe, pyi = f.sincPhaseYIm; // sinc(ky) e^{-i ky cy}
        double[] psf2d = factors.psfLattice(psfFt, r0 * dk, ka); // PSF(|k|) for 0 <= a, |b| <= ka
        int stride = ka + 1;
        for (int a = 0; a <= ka; a++) {
            double kx = a * dk;
            double w = flux * sinc[a + ka];
            double pxr = cosx[a + ka] * w, pxi = sinx[a + ka] * w;
            int c1 = a % n, c2 = (n - c1) % n;
            double[] col1 = a == 0 || c1 <= n / 2 ? columns[c1] : null;
            double[] col2 = a > 0 && c2 <= n / 2 ? columns[c2] : null;
            double axxKx2 = axx * kx * kx, axyKx = axy * kx;
            int psfRow = a * stride;
            int len = 2 * ka + 1;
            double[] vb = valueRow(len);
            // the profile's transform along this column, in two passes: the square roots (which vectorise), then the
            // table lookups; v = 0 where the PSF or the profile vanishes
            if (galaxy) {
                for (int j = 0; j < len; j++) {
                    double ky = (j - ka) * dk;
                    vb[j] = Math.sqrt(Math.sqrt(axxKx2 + (axyKx + ayy * ky) * ky)) * invDu;
                }
                for (int j = 0; j < len; j++) {
                    double v = psf2d[psfRow + Math.abs(j - ka)];
                    double t = vb[j];
                    int i = (int) t;
                    if (v == 0 || i >= uLimit) {
                        vb[j] = 0;
                        continue;
                    }
                    double u = t - i;
                    vb[j] = v * (i == 0 ? RadialTransform.cubic(srow[1], srow[0], srow[1], srow[2], u)
                            : RadialTransform.cubic(srow[i - 1], srow[i], srow[i + 1], srow[i + 2], u));
                }
            } else {
                for (int j = 0; j < len; j++) vb[j] = psf2d[psfRow + Math.abs(j - ka)];
            }
            int r = Math.floorMod(-ka, n);
            for (int j = 0; j < len; j++, r = r + 1 == n ? 0 : r + 1) {
                double v = vb[j];
                if (v == 0) continue;
                double pr = (pxr * pyr[j] - pxi * pyi[j]) * v;
                double pi = (pxr * pyi[j] + pxi * pyr[j]) * v;
                if (col1 != null) {
                    col1[2 * r] += pr;
                    col1[2 * r + 1] += pi;
                }
                if (col2 != null) { // the mirror point -k carries the complex conjugate
                    int rm = r == 0 ? 0 : n - r;
                    col2[2 * rm] += pr;
                    col2[2 * rm + 1] -= pi;
                }
            }
        }
        // inverse transform: columns along ky, then only the stamp's rows along kx (complex to real)
        for (int c = 0; c <= n / 2; c++) columnFft.complexInverse(columns[c], false);
        // JTransforms' unscaled realInverse returns half the sum for powers of two, the whole sum otherwise
        double norm = (Integer.bitCount(n) == 1 ? 2.0 : 1.0) / ((double) n * n);
        double[] row = rowBuffer;
        for (int y = 0; y < size; y++) {
            row[0] = columns[0][2 * y];
            row[1] = columns[n / 2][2 * y];
            for (int c = 1; c < n / 2; c++) {
                row[2 * c] = columns[c][2 * y];
                row[2 * c + 1] = columns[c][2 * y + 1];
            }
            rowFft.realInverse(row, false);
            for (int x = 0; x < size; x++) out[y * size + x] = row[x] * norm;
        }
    }

    private final DrawingFactors factors = new DrawingFactors();
    private double[] valueBuffer = new double[0];

    private double[] valueRow(int len) {
        if (valueBuffer.length < len) valueBuffer = new double[len];
        return valueBuffer;
    }

    /**
     * The FFT period in pixels, chosen as GalSim chooses it so that the same flux wraps onto the stamp:
     * each component's step in k is pi over the radius holding all but {@code folding} of its flux
     * (at least 5 scale radii), the convolution combines them as stepk^-2 sums, and the period is
     * 2 pi / (scale stepk), rounded up to a good FFT size, at least the stamp and {@code minFftSize}.
     */
    int fftSizeFor(StampGeometry geo, PsfModel psf, double sersicN, double hlrMajorArcsec) {
        double s = geo.pixelScale();
        double rPsf = psf.foldingRadius(settings.folding());
        double rPix = s; // Box of width s: stepk = pi / s
        double r2 = rPsf * rPsf + rPix * rPix;
        if (hlrMajorArcsec > 0) {
            double rGal = hlrMajorArcsec * SersicFoldingRadius.inHlr(sersicN, settings.folding());
            r2 += rGal * rGal;
        }
        double offset = Math.hypot(geo.offsetX(), geo.offsetY()) * s;
        double radius = Math.sqrt(r2) + offset; // pi / stepk, arcsec
        int n = (int) Math.ceil(2 * radius / s * (1 - 1e-12));
        n = 2 * ((n + 1) / 2);
        n = goodFftSize(Math.max(n, geo.size()));
        return Math.max(n, goodFftSize(settings.minFftSize()));
    }

    /** Smallest 2^k or 3 * 2^k at least n. */
    static int goodFftSize(int n) {
        int p = n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        int three = 3 * (p / 4);
        return three >= n && three % 2 == 0 ? three : p;
    }

    private void ensureBuffers(int n) {
        if (fftSize != n) {
            fftSize = n;
            columns = new double[n / 2 + 1][2 * n];
            rowBuffer = new double[n];
            columnFft = new DoubleFFT_1D(n);
            rowFft = new DoubleFFT_1D(n);
        }
    }
}
