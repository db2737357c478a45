package org.galaxyparams.stamp;

/**
 * Finds the galaxy near a given point of an image: the peak of the image smoothed with a Gaussian about the PSF's
 * size (a matched filter for a point source, whose value divided by its noise is the detection significance), then
 * a sub-pixel centre by iterated Gaussian-weighted first moments (the centre of a symmetric profile is their fixed
 * point, so any start on the galaxy ends at the same place).
 * <p>
 * Coordinates are ImageJ's: pixel i spans [i, i + 1), so its centre is at i + 0.5. Images are row-major.
 */
public final class SourceFinder {
    /** Smoothed peaks below this many sigma are not a source. */
    public static final double DETECTION_SIGMA = 4;

    /** The smoothed peak: its pixel centre and significance in noise sigmas. */
    public record Peak(double x, double y, double significance) {
        public boolean detected() { return significance >= DETECTION_SIGMA; }
    }

    private final float[] image;
    private final int width, height;
    private final double sky, sigma;

    /**
     * @param sky counts per pixel to subtract before looking
     * @param sigma noise standard deviation per pixel in counts (&gt; 0)
     */
    public SourceFinder(float[] image, int width, int height, double sky, double sigma) {
        if (image.length != width * height) throw new IllegalArgumentException("image is not " + width + " x " + height);
        this.image = image;
        this.width = width;
        this.height = height;
        this.sky = sky;
        this.sigma = sigma;
    }

    /**
     * The most significant smoothed pixel within {@code radius} pixels of (cx, cy).
     *
     * @param kernelSigma standard deviation in pixels of the Gaussian the image is smoothed with
     */
    public Peak peak(double cx, double cy, double radius, double kernelSigma) {
        int half = (int) Math.ceil(3 * kernelSigma);
        double[] k = new double[2 * half + 1];
        double sumK2 = 0;
        for (int i = -half; i <= half; i++) k[i + half] = Math.exp(-0.5 * i * i / (kernelSigma * kernelSigma));
        for (double a : k) for (double b : k) sumK2 += a * a * b * b;
        // noise of sum(k I) is sigma sqrt(sum k^2) for independent pixels
        double noise = sigma * Math.sqrt(sumK2);
        int x0 = Math.max(half, (int) Math.floor(cx - radius)), x1 = Math.min(width - 1 - half, (int) Math.ceil(cx + radius));
        int y0 = Math.max(half, (int) Math.floor(cy - radius)), y1 = Math.min(height - 1 - half, (int) Math.ceil(cy + radius));
        Peak best = new Peak(cx, cy, Double.NEGATIVE_INFINITY);
        if (x0 > x1 || y0 > y1) return best;
        // separable smoothing: rows first over the band of rows the columns need
        int bandW = x1 - x0 + 1;
        double[] rows = new double[(y1 - y0 + 1 + 2 * half) * bandW];
        for (int y = y0 - half; y <= y1 + half; y++)
            for (int x = x0; x <= x1; x++) {
                double s = 0;
                for (int i = -half; i <= half; i++) s += k[i + half] * (image[y * width + x + i] - sky);
                rows[(y - y0 + half) * bandW + x - x0] = s;
            }
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy > radius * radius) continue;
                double s = 0;
                for (int i = -half; i <= half; i++) s += k[i + half] * rows[(y - y0 + half + i) * bandW + x - x0];
                double significance = s / noise;
                // ties go to the first pixel in row-major order, so the answer never depends on evaluation order
                if (significance > best.significance()) best = new Peak(x + 0.5, y + 0.5, significance);
            }
        return best;
    }

    /**
     * The centre of the light around (x, y): iterated first moments weighted by a Gaussian of {@code windowSigma}
     * pixels around the current centre, on sky-subtracted pixels. Stops when a step is below 1e-4 pixel; returns
     * the start if the weighted light is not positive or the centre would move more than {@code maxShift}.
     */
    public double[] centre(double x, double y, double windowSigma, double maxShift) { return centre(x, y, windowSigma, maxShift, i -> true); }

    /**
     * The same over the pixels {@code usable} accepts (by row-major index): a field's source without its neighbours'
     * footprints or bad pixels.
     */
    public double[] centre(double x, double y, double windowSigma, double maxShift, java.util.function.IntPredicate usable) {
        double cx = x, cy = y;
        int reach = (int) Math.ceil(4 * windowSigma);
        for (int iteration = 0; iteration < 100; iteration++) {
            double sw = 0, sx = 0, sy = 0;
            int px0 = Math.max(0, (int) Math.floor(cx) - reach), px1 = Math.min(width - 1, (int) Math.floor(cx) + reach);
            int py0 = Math.max(0, (int) Math.floor(cy) - reach), py1 = Math.min(height - 1, (int) Math.floor(cy) + reach);
            for (int py = py0; py <= py1; py++)
                for (int px = px0; px <= px1; px++) {
                    if (!usable.test(py * width + px)) continue;
                    double dx = px + 0.5 - cx, dy = py + 0.5 - cy;
                    double w = Math.exp(-0.5 * (dx * dx + dy * dy) / (windowSigma * windowSigma)) * (image[py * width + px] - sky);
                    sw += w;
                    sx += w * dx;
                    sy += w * dy;
                }
            if (!(sw > 0)) return new double[] {x, y};
            double stepX = sx / sw, stepY = sy / sw;
            cx += stepX;
            cy += stepY;
            if (Math.hypot(cx - x, cy - y) > maxShift || !Double.isFinite(cx + cy)) return new double[] {x, y};
            if (Math.hypot(stepX, stepY) < 1e-4) break;
        }
        return new double[] {cx, cy};
    }
}
