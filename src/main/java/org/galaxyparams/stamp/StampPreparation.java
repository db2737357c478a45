package org.galaxyparams.stamp;

import java.util.Locale;

/**
 * Turns a place in an image into a stamp of the model's size, the same way for every front-end:
 * <ol>
 * <li>an image no larger than the stamp is taken whole (a ROI on it only says which galaxy is meant);</li>
 * <li>otherwise the galaxy is found near the ROI's centroid (the most significant smoothed peak within the search
 * radius, then its sub-pixel centre) and the stamp is cut so that centre is within half a pixel of the stamp's
 * centre, where the networks were trained to see it;</li>
 * <li>the sky is measured in the annulus between one and two half-stamp-sides around the galaxy (on the stamp's
 * 4-pixel border frame for a ready-cut stamp, or when the annulus leaves the image) and subtracted as
 * {@link SkyMode} says;</li>
 * <li>the smoothed peak near the centre says whether there is a source at all.</li>
 * </ol>
 */
public final class StampPreparation {
    /**
     * Largest |pixel| accepted, in counts: 250x the brightest pixel the priors produce (flux &lt;= 4e5 counts in all);
     * a 1e20 pixel would otherwise send a fit after a profile no grid can draw.
     */
    public static final double MAX_PIXEL_COUNTS = 1e8;

    /** Width in pixels of the border frame the sky and the noise are measured on. */
    public static final int BORDER = 4;

    private final int size;
    private final SkyMode skyMode;

    public StampPreparation(int size, SkyMode skyMode) {
        this.size = size;
        this.skyMode = skyMode;
    }

    /**
     * A stamp for the galaxy near (cx, cy) of a row-major image.
     *
     * @param searchRadius how far from (cx, cy) in pixels the galaxy may be (for a ROI: half its smaller side)
     * @param psfFwhmPixels PSF FWHM in pixels (sets the smoothing), NaN when unknown (3 pixels assumed)
     * @param sigma noise sigma in counts, NaN to measure it on the border frame
     * @param where names the target in messages
     * @throws IllegalArgumentException naming the problem: stamp off the image, image smaller than the stamp,
     *                                  non-finite pixels
     */
    public PreparedStamp cut(float[] image, int width, int height, double cx, double cy, double searchRadius,
                             double psfFwhmPixels, double sigma, String where) {
        if (width < size || height < size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the image is %dx%d pixels, smaller than the"
                    + " %dx%d stamp the model takes: use a larger image or a model for smaller stamps", where, width, height, size, size));
        }
        double kernel = kernelSigma(psfFwhmPixels);
        double radius = Math.max(1, Math.min(searchRadius, size / 4.0));
        // a ROI on an image the size of the stamp only says which galaxy: the stamp is taken whole, as a ready-cut one
        if (width == size && height == size) return stamp(image, psfFwhmPixels, sigma, where);
        double[] g = locate(image, width, height, cx, cy, radius, kernel, sigma, where);
        int[] corner = corner(g[0], g[1], width, height, where);
        // the sky around the stamp, out to twice its half-side, has ten times the frame's pixels
        SkyLevel sky = SkyLevel.inAnnulus(image, width, height, g[0], g[1], size / 2.0, size);
        if (sky.pixels() < 4 * size * BORDER) sky = null;
        PreparedStamp p = prepare(window(image, width, corner[0], corner[1], where), corner[0], corner[1], g[0], g[1], 2, kernel, sigma,
                where, sky);
        return new PreparedStamp(p.pixels(), size, p.x0(), p.y0(), g[0], g[1], p.sky(), p.skySubtracted(), p.peak(), p.skyAround());
    }

    /**
     * The galaxy's centre near (cx, cy), image coordinates: the most significant smoothed peak within {@code radius}
     * pixels, refined to sub-pixel by windowed moments; (cx, cy) itself when nothing there is significant.
     */
    public double[] locate(float[] image, int width, int height, double cx, double cy, double radius, double kernel,
                           double sigma, String where) {
        // a first look, in the stamp around the ROI (kept inside the image), gives the sky and the noise to search with;
        // an image smaller than a stamp (one to be resampled) gives its pixels outside the search circle instead
        SkyLevel sky;
        if (width >= size && height >= size) {
            int fx = (int) Math.round(Math.max(0, Math.min(width - size, cx - size / 2.0)));
            int fy = (int) Math.round(Math.max(0, Math.min(height - size, cy - size / 2.0)));
            sky = SkyLevel.onBorder(window(image, width, fx, fy, where), size, BORDER);
        } else {
            sky = SkyLevel.inAnnulus(image, width, height, cx, cy, radius, Double.POSITIVE_INFINITY);
            if (sky.pixels() < 4 * size) sky = SkyLevel.inAnnulus(image, width, height, cx, cy, 0, Double.POSITIVE_INFINITY);
        }
        double noise = sigma > 0 ? sigma : sky.standardError() * Math.sqrt(sky.pixels());
        SourceFinder finder = new SourceFinder(image, width, height, sky.counts(), Math.max(noise, Double.MIN_NORMAL));
        SourceFinder.Peak peak = finder.peak(cx, cy, radius, kernel);
        if (!peak.detected()) return new double[] {cx, cy};
        return finder.centre(peak.x(), peak.y(), Math.max(2, kernel), 3);
    }

    /** A ready-cut stamp of the model's size, centred by convention: only the sky and the detection are done. */
    public PreparedStamp stamp(float[] pixels, double psfFwhmPixels, double sigma, String where) {
        if (pixels.length != size * size) throw new IllegalArgumentException(where + ": not a " + size + "x" + size + " stamp");
        return prepare(pixels.clone(), 0, 0, size / 2.0, size / 2.0, Math.max(2, size / 16.0), kernelSigma(psfFwhmPixels), sigma, where,
                null);
    }

    /**
     * Sky and detection for {@code stamp}, cut at (x0, y0) of its image (modified: the sky is subtracted in place),
     * with the source looked for within {@code searchRadius} of (sx, sy), image coordinates. The centre returned is
     * the stamp's own centre: the convention for ready-cut stamps.
     *
     * @param sky measured around the stamp, or null to measure it on the stamp's border frame
     */
    private PreparedStamp prepare(float[] stamp, int x0, int y0, double sx, double sy, double searchRadius, double kernel,
                                  double sigma, String where, SkyLevel sky) {
        checkFinite(stamp, x0, y0, where);
        boolean around = sky != null;
        if (sky == null) sky = SkyLevel.onBorder(stamp, size, BORDER);
        double subtract = switch (skyMode) {
            // measured around the galaxy the sky is known to ~1 % of sigma: always subtracted, so a constant added
            // to the image changes nothing; a frame's own sky is subtracted only when it is more than its noise
            case AUTO -> around || sky.significant() ? sky.counts() : 0;
            case SUBTRACT -> sky.counts();
            case NONE -> 0;
        };
        if (subtract != 0) for (int i = 0; i < stamp.length; i++) stamp[i] -= (float) subtract;
        double noise = sigma > 0 ? sigma : SkyLevel.frameSigma(stamp, size, BORDER);
        SourceFinder finder = new SourceFinder(stamp, size, size, 0, Math.max(noise, Double.MIN_NORMAL));
        SourceFinder.Peak peak = finder.peak(sx - x0, sy - y0, searchRadius, kernel);
        SourceFinder.Peak atImage = new SourceFinder.Peak(peak.x() + x0, peak.y() + y0, peak.significance());
        return new PreparedStamp(stamp, size, x0, y0, x0 + size / 2.0, y0 + size / 2.0, sky, subtract, atImage, around);
    }

    /** Standard deviation in pixels of the smoothing Gaussian for a PSF FWHM in pixels (3 when unknown). */
    public static double kernelSigma(double psfFwhmPixels) {
        double fwhm = psfFwhmPixels > 0 && Double.isFinite(psfFwhmPixels) ? psfFwhmPixels : 3;
        return Math.max(1, fwhm / 2.3548);
    }

    private int[] corner(double cx, double cy, int width, int height, String where) {
        int x0 = (int) Math.round(cx - size / 2.0), y0 = (int) Math.round(cy - size / 2.0);
        if (x0 < 0 || y0 < 0 || x0 + size > width || y0 + size > height) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the %dx%d stamp the model takes, centred on the"
                    + " galaxy at (%.1f, %.1f), falls outside the %dx%d image: measure galaxies at least %d pixels from the edge,"
                    + " or pad the image first (Image>Adjust>Canvas Size)", where, size, size, cx, cy, width, height, size / 2));
        }
        return new int[] {x0, y0};
    }

    private float[] window(float[] image, int width, int x0, int y0, String where) {
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) System.arraycopy(image, (y0 + y) * width + x0, out, y * size, size);
        return out;
    }

    private void checkFinite(float[] stamp, int x0, int y0, String where) {
        for (int i = 0; i < stamp.length; i++) {
            if (Float.isFinite(stamp[i]) && Math.abs(stamp[i]) > MAX_PIXEL_COUNTS) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: pixel (%d, %d) holds %.3g counts, far beyond any galaxy"
                        + " measured here (|pixel| <= %.0e): check the image's units, or mask saturated and hot pixels", where,
                        x0 + i % size, y0 + i / size, stamp[i], MAX_PIXEL_COUNTS));
            }
            if (!Float.isFinite(stamp[i])) {
                throw new IllegalArgumentException(where + ": pixel (" + (x0 + i % size) + ", " + (y0 + i / size) + ") is " + stamp[i]
                        + ": the measurement needs finite pixels; choose another galaxy or replace them first"
                        + " (Process>Noise>Remove NaNs...)");
            }
        }
    }
}
