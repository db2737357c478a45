package org.galaxyparams.field;

import java.util.Arrays;

/**
 * The sky background and its noise over a field, as SExtractor and photutils estimate them: the image is cut into
 * square boxes of a mesh; in each box the finite pixels are sigma-clipped (3 sigma, iterated) and the background is
 * the clipped distribution's mode (2.5 median - 1.5 mean, or the median when the two differ by more than 0.3 of the
 * spread, i.e. when a source still skews the box), or its mean when the sources are already masked out (the mean's
 * noise is half the mode's); the noise is the clipped standard deviation. A box that differs from the median of its
 * 3 x 3 neighbourhood by more than {@link #OUTLIER} of the noise takes that median (a bright galaxy filling a box
 * does not leave a bump; photutils' filter_threshold). Then each box takes the value at its centre of a plane fitted
 * to its 3 x 3 neighbourhood: this averages the boxes' noise down by about 3 and, unlike a median or a mean of the
 * neighbourhood, leaves a sky gradient unbent at the field's edges. Values are interpolated bilinearly between box
 * centres (constant beyond the outer centres).
 * <p>
 * Coordinates: pixel (x, y) is the row-major element y * width + x; a box's centre is at its pixel-centre midpoint.
 */
public final class BackgroundMap {
    /** Default box side in pixels: a few times a galaxy's size, small enough to follow a smooth sky gradient. */
    public static final int DEFAULT_BOX = 64;
    /** A box with fewer finite pixels than this fraction of its area takes its value from its neighbours. */
    static final double MIN_FILL = 0.5;
    /** A box off its neighbours' median by more than this fraction of the noise is an outlier (~10 standard errors of a 64-pixel box). */
    static final double OUTLIER = 0.2;

    private final int width, height, box, nx, ny;
    private final double[] level, rms;
    private final boolean constant;

    private BackgroundMap(int width, int height, int box, int nx, int ny, double[] level, double[] rms, boolean constant) {
        this.width = width;
        this.height = height;
        this.box = box;
        this.nx = nx;
        this.ny = ny;
        this.level = level;
        this.rms = rms;
        this.constant = constant;
    }

    /**
     * Measures the mesh.
     *
     * @param box box side in pixels (at least 16; the last box in a row or column takes the remainder when that is at
     *            least half a box, else the remainder joins the box before it)
     * @throws IllegalArgumentException when no box has enough finite pixels
     */
    public static BackgroundMap mesh(float[] image, int width, int height, int box) { return mesh(image, width, height, box, false); }

    /** @param sourcesMasked the sources are NaN already: each box's level is its clipped mean */
    public static BackgroundMap mesh(float[] image, int width, int height, int box, boolean sourcesMasked) {
        if (box < 16) throw new IllegalArgumentException("background box " + box + " pixels: give at least 16");
        int nx = Math.max(1, (width + box / 2) / box), ny = Math.max(1, (height + box / 2) / box);
        double[] level = new double[nx * ny], rms = new double[nx * ny];
        boolean any = false;
        double[] values = new double[(box + box) * (box + box)];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) {
                int x0 = i * box, x1 = i == nx - 1 ? width : x0 + box, y0 = j * box, y1 = j == ny - 1 ? height : y0 + box;
                if ((x1 - x0) * (y1 - y0) > values.length) values = new double[(x1 - x0) * (y1 - y0)];
                int n = 0;
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++) {
                        float v = image[y * width + x];
                        if (Float.isFinite(v)) values[n++] = v;
                    }
                double[] s = n >= MIN_FILL * (x1 - x0) * (y1 - y0) ? clippedMode(values, n) : null;
                // a box of one value (a mosaic's zero padding) is no sky: a hole, filled from its neighbours, not a level
                // of 0 whose plane would leave a band of false sources along every padded edge
                if (s != null && !(s[1] > 0)) s = null;
                if (s != null && sourcesMasked) s[0] = s[2];
                level[j * nx + i] = s == null ? Double.NaN : s[0];
                rms[j * nx + i] = s == null ? Double.NaN : s[1];
                any |= s != null;
            }
        if (!any) throw new IllegalArgumentException("no background box has " + Math.round(100 * MIN_FILL)
                + "% finite pixels with noise: the field is mostly NaN or constant padding; crop it to its valid part");
        fillHoles(level, nx, ny);
        fillHoles(rms, nx, ny);
        double[] typical = rms.clone();
        Arrays.sort(typical);
        double threshold = OUTLIER * typical[typical.length / 2];
        return new BackgroundMap(width, height, box, nx, ny, planar(filtered(level, nx, ny, threshold), nx, ny),
                planar(filtered(rms, nx, ny, threshold / 2), nx, ny), false);
    }

    /** One sky level and noise for the whole field (the clipped mode of all its finite pixels). */
    public static BackgroundMap constant(float[] image, int width, int height) {
        double[] v = new double[image.length];
        int n = 0;
        for (float p : image) if (Float.isFinite(p)) v[n++] = p;
        if (n < 16) throw new IllegalArgumentException("the field has " + n + " finite pixels: nothing to measure a sky on");
        double[] s = clippedMode(v, n);
        return new BackgroundMap(width, height, Math.max(width, height), 1, 1, new double[] {s[0]}, new double[] {s[1]}, true);
    }

    /** A given sky and noise (counts per pixel), e.g. from the header or the user. */
    public static BackgroundMap given(int width, int height, double level, double rms) {
        if (!(rms > 0) || !Double.isFinite(level)) throw new IllegalArgumentException("sky " + level + " and noise " + rms + ": give finite values, noise > 0");
        return new BackgroundMap(width, height, Math.max(width, height), 1, 1, new double[] {level}, new double[] {rms}, true);
    }

    public boolean isConstant() { return constant; }

    /** Background in counts per pixel at the centre of pixel (x, y). */
    public double level(int x, int y) { return interpolate(level, x, y); }

    /** Noise standard deviation in counts per pixel at pixel (x, y). */
    public double rms(int x, int y) { return interpolate(rms, x, y); }

    /** The median of the mesh's noise values: the field's typical sigma. */
    public double typicalRms() {
        double[] r = rms.clone();
        Arrays.sort(r);
        return r[r.length / 2];
    }

    /** The image minus the background (a new array; NaN pixels stay NaN). */
    public float[] subtract(float[] image) {
        float[] out = new float[image.length];
        double[] row = new double[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) row[x] = level(x, y);
            for (int x = 0; x < width; x++) out[y * width + x] = (float) (image[y * width + x] - row[x]);
        }
        return out;
    }

    private double interpolate(double[] mesh, int x, int y) {
        if (nx == 1 && ny == 1) return mesh[0];
        double fx = position(x + 0.5, nx, width), fy = position(y + 0.5, ny, height);
        int i0 = (int) fx, j0 = (int) fy, i1 = Math.min(nx - 1, i0 + 1), j1 = Math.min(ny - 1, j0 + 1);
        double tx = fx - i0, ty = fy - j0;
        double a = mesh[j0 * nx + i0], b = mesh[j0 * nx + i1], c = mesh[j1 * nx + i0], d = mesh[j1 * nx + i1];
        return (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * c + tx * d);
    }

    /**
     * Fractional box index in [0, boxes - 1] of coordinate u: box k's centre is at k box + box / 2, the last box's at
     * the middle of what remains; constant beyond the first and last centres.
     */
    private double position(double u, int boxes, int extent) {
        if (boxes == 1) return 0;
        double first = box / 2.0, last = 0.5 * ((boxes - 1) * (double) box + extent);
        if (u <= first) return 0;
        if (u >= last) return boxes - 1;
        int i = Math.min(boxes - 2, (int) Math.floor((u - first) / box));
        double ci = first + i * (double) box, cn = i + 1 == boxes - 1 ? last : ci + box;
        return Math.min(boxes - 1, i + (u - ci) / (cn - ci));
    }

    /**
     * {mode, clipped std, clipped mean} of the first n values: 3-sigma clipping about the median until no value
     * leaves, then SExtractor's mode estimate.
     */
    static double[] clippedMode(double[] values, int n) {
        double[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        int lo = 0, hi = n; // the kept values are v[lo, hi), sorted
        double mean = 0, sd = 0, median = 0;
        for (int iteration = 0; iteration < 20; iteration++) {
            int k = hi - lo;
            median = (k % 2 == 1) ? v[lo + k / 2] : 0.5 * (v[lo + k / 2 - 1] + v[lo + k / 2]);
            double s = 0, s2 = 0;
            for (int i = lo; i < hi; i++) {
                s += v[i] - median;
                s2 += (v[i] - median) * (v[i] - median);
            }
            mean = median + s / k;
            sd = k > 1 ? Math.sqrt(Math.max(0, (s2 - s * s / k) / (k - 1))) : 0;
            if (!(sd > 0)) break;
            int nlo = lo, nhi = hi;
            while (nlo < nhi && v[nlo] < median - 3 * sd) nlo++;
            while (nhi > nlo && v[nhi - 1] > median + 3 * sd) nhi--;
            if (nlo == lo && nhi == hi) break;
            lo = nlo;
            hi = nhi;
        }
        // clipping at 3 sd drops 0.27 % of a Gaussian and so narrows it by 1.35 %: undone here
        double sigma = sd / 0.9865;
        double mode = sigma > 0 && Math.abs(mean - median) / sigma < 0.3 ? 2.5 * median - 1.5 * mean : median;
        return new double[] {mode, sigma, mean};
    }

    /** Boxes without a value take the mean of the valid boxes nearest to them. */
    private static void fillHoles(double[] mesh, int nx, int ny) {
        double[] copy = mesh.clone();
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) {
                if (!Double.isNaN(copy[j * nx + i])) continue;
                for (int r = 1; r < Math.max(nx, ny); r++) {
                    double s = 0;
                    int k = 0;
                    for (int jj = Math.max(0, j - r); jj <= Math.min(ny - 1, j + r); jj++)
                        for (int ii = Math.max(0, i - r); ii <= Math.min(nx - 1, i + r); ii++)
                            if (!Double.isNaN(copy[jj * nx + ii])) {
                                s += copy[jj * nx + ii];
                                k++;
                            }
                    if (k > 0) {
                        mesh[j * nx + i] = s / k;
                        break;
                    }
                }
            }
    }

    /** Each box's value replaced by the value at its centre of the least-squares plane through its 3 x 3 neighbourhood. */
    static double[] planar(double[] mesh, int nx, int ny) {
        double[] out = new double[mesh.length];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) {
                // plane v = a + b di + c dj over the available neighbours (normal equations, 3 x 3)
                double n = 0, si = 0, sj = 0, sii = 0, sjj = 0, sij = 0, sv = 0, siv = 0, sjv = 0;
                for (int dj = -1; dj <= 1; dj++)
                    for (int di = -1; di <= 1; di++) {
                        int ii = i + di, jj = j + dj;
                        if (ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
                        double v = mesh[jj * nx + ii];
                        n++;
                        si += di;
                        sj += dj;
                        sii += di * di;
                        sjj += dj * dj;
                        sij += di * dj;
                        sv += v;
                        siv += di * v;
                        sjv += dj * v;
                    }
                double[][] a = {{n, si, sj}, {si, sii, sij}, {sj, sij, sjj}};
                double[] b = {sv, siv, sjv};
                double det = det3(a);
                if (Math.abs(det) < 1e-9) { // a single row or column of boxes: the mean of what there is
                    out[j * nx + i] = sv / n;
                    continue;
                }
                double[][] a0 = {{b[0], si, sj}, {b[1], sii, sij}, {b[2], sij, sjj}}; // Cramer's rule for the intercept
                out[j * nx + i] = det3(a0) / det;
            }
        return out;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /** Each box, or its 3 x 3 neighbourhood's median when it is further than {@code threshold} from it. */
    private static double[] filtered(double[] mesh, int nx, int ny, double threshold) {
        double[] median = median3x3(mesh, nx, ny), out = mesh.clone();
        for (int i = 0; i < out.length; i++) if (Math.abs(mesh[i] - median[i]) > threshold) out[i] = median[i];
        return out;
    }

    private static double[] median3x3(double[] mesh, int nx, int ny) {
        double[] out = new double[mesh.length], w = new double[9];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++) {
                int k = 0;
                for (int jj = Math.max(0, j - 1); jj <= Math.min(ny - 1, j + 1); jj++)
                    for (int ii = Math.max(0, i - 1); ii <= Math.min(nx - 1, i + 1); ii++) w[k++] = mesh[jj * nx + ii];
                Arrays.sort(w, 0, k);
                out[j * nx + i] = k % 2 == 1 ? w[k / 2] : 0.5 * (w[k / 2 - 1] + w[k / 2]);
            }
        return out;
    }
}
