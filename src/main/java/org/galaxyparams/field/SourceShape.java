package org.galaxyparams.field;

/**
 * A source's centre and size from Gaussian-weighted moments, its neighbours left out.
 * <p>
 * The centre is the fixed point of the weighted first moments (weight exp(-r^2 / 2 w^2) around the current centre),
 * found by iteration from the filtered peak ({@link org.galaxyparams.stamp.SourceFinder#centre}). The size is T = sum(W I r^2) / sum(W I) at that centre, in pixels^2:
 * for a point source it is a fixed number of the PSF and the window, and any extent adds to it, which is what tells
 * a galaxy from a star. Its noise follows from first-order propagation: dT/dI_i = W_i (r_i^2 - T) / sum(W I), each
 * pixel with variance rms^2 + max(I, 0) (read noise and Poisson).
 *
 * @param x centre, image coordinates (pixel i spans [i, i + 1))
 * @param y centre
 * @param flux sum of the background-subtracted counts on the source's footprint (isophotal flux)
 * @param size T in pixels^2
 * @param sizeError standard deviation of T from the pixel noise
 */
public record SourceShape(double x, double y, double flux, double size, double sizeError) {
    /** How far the centre may move from the filtered peak, pixels. */
    static final double MAX_SHIFT = 3;

    /**
     * Measures source {@code id} of a segmentation (pixels labelled with another source's id, or NaN, are left out).
     *
     * @param image background-subtracted counts
     * @param window w in pixels
     * @param rms noise per pixel in counts at the source
     */
    public static SourceShape measure(float[] image, SourceDetector.Segmentation seg, DetectedSource s, double window, double rms) {
        int width = seg.width(), height = seg.height();
        int[] labels = seg.labels();
        // the windowed centroid of the image mode's source finder, neighbours and bad pixels left out; a source
        // pulled more than MAX_SHIFT from its peak keeps the peak's pixel centre
        double[] c = new org.galaxyparams.stamp.SourceFinder(image, width, height, 0, rms)
                .centre(s.peakX() + 0.5, s.peakY() + 0.5, window, MAX_SHIFT, i -> usable(image[i], labels[i], s.id()));
        double cx = c[0], cy = c[1];
        double[] t = size(image, labels, width, height, s.id(), cx, cy, window, rms);
        double flux = 0;
        for (int i = 0; i < labels.length; i++) if (labels[i] == s.id() && image[i] == image[i]) flux += image[i];
        return new SourceShape(cx, cy, flux, t[0], t[1]);
    }

    /** {T, its standard deviation} of the usable pixels around (cx, cy); NaN pair when the weighted light is not positive. */
    static double[] size(float[] image, int[] labels, int width, int height, int id, double cx, double cy, double window, double rms) {
        int reach = (int) Math.ceil(4 * window);
        int x0 = Math.max(0, (int) cx - reach), x1 = Math.min(width - 1, (int) cx + reach);
        int y0 = Math.max(0, (int) cy - reach), y1 = Math.min(height - 1, (int) cy + reach);
        double sw = 0, sr = 0;
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++) {
                int i = y * width + x;
                if (!usable(image[i], labels == null ? 0 : labels[i], id)) continue;
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy, r2 = dx * dx + dy * dy;
                double w = Math.exp(-0.5 * r2 / (window * window));
                sw += w * image[i];
                sr += w * image[i] * r2;
            }
        if (!(sw > 0)) return new double[] {Double.NaN, Double.NaN};
        double t = sr / sw, var = 0;
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++) {
                int i = y * width + x;
                if (!usable(image[i], labels == null ? 0 : labels[i], id)) continue;
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy, r2 = dx * dx + dy * dy;
                double w = Math.exp(-0.5 * r2 / (window * window));
                double d = w * (r2 - t) / sw;
                var += d * d * (rms * rms + Math.max(image[i], 0));
            }
        return new double[] {t, Math.sqrt(var)};
    }

    /** A pixel counts when finite and not on another source's footprint (a footprint too faint to be a source counts). */
    private static boolean usable(float v, int label, int id) {
        return v == v && (label <= 0 || label == id);
    }
}
