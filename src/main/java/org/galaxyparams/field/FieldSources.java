package org.galaxyparams.field;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.galaxyparams.sim.PsfModel;

/**
 * The detection half of field mode, without any network: background, detection and deblending, centres and sizes,
 * the PSF (given, or measured on the stars), and the star/galaxy split.
 */
public final class FieldSources {
    /**
     * A source is a star when its size is consistent with a point source's: it exceeds it by fewer noise sigmas than
     * this, or by less than {@link #STAR_EXCESS} of it, and is not smaller by more than {@link #SMALLER_SIGMAS}. On a
     * simulated field of 1,000 dataset-3 galaxies and 100 stars, 2 sigma kept every star a star (galaxies outnumber
     * stars, so a borderline source is more likely a galaxy).
     */
    public static final double STAR_SIGMAS = 2;
    /** Size excess below which a source is a star whatever its noise (bright stars: the table's own accuracy). */
    public static final double STAR_EXCESS = 0.05;
    /**
     * A source smaller than a point source by more sigmas than this and by more than {@link #SMALLER_EXCESS} is not one
     * (a blend's remnant, an artefact); a bright star a percent or two smaller (a PSF measured a little wide) is.
     */
    public static final double SMALLER_SIGMAS = 3, SMALLER_EXCESS = 0.1;
    /** Smoothing in pixels used when the PSF is not known yet (a 3-pixel FWHM). */
    static final double DEFAULT_KERNEL = 3 / 2.3548;
    /** Fewest stars the PSF is measured on. */
    public static final int MIN_STARS = 3;

    /**
     * What was found.
     *
     * @param background the sky levels subtracted (and the measured noise)
     * @param noise the noise per pixel used: the background's, or the given sigma everywhere
     * @param subtracted the field minus its background
     * @param psfFwhm PSF FWHM in arcsec used for the classes (given or measured)
     * @param psfNote where the PSF came from
     */
    public record Found(BackgroundMap background, BackgroundMap noise, float[] subtracted, SourceDetector.Segmentation segmentation, List<FoundSource> sources,
                        double psfFwhm, String psfNote) {}

    private FieldSources() {}

    /**
     * @param psfFwhm PSF FWHM in arcsec, NaN to measure it on the stars
     * @param psfOrigin where a given PSF FWHM comes from, for the note ("given", "from the header")
     * @param psfBeta Moffat beta of the PSF model
     * @param scale arcsec per pixel
     * @param sigma noise in counts when known (the noise map is then this constant), NaN to measure it
     * @return null when cancelled
     * @throws IllegalArgumentException when the PSF must be measured and too few stars are found
     */
    public static Found find(FieldImage field, DetectionSettings settings, double psfFwhm, String psfOrigin, double psfBeta, double scale,
                             double sigma, BooleanSupplier cancelled) {
        int w = field.width(), h = field.height();
        BackgroundMap bg = settings.constantSky() ? BackgroundMap.constant(field.pixels(), w, h)
                : BackgroundMap.mesh(field.pixels(), w, h, settings.backgroundBox());
        float[] sub = bg.subtract(field.pixels());
        BackgroundMap sky = bg;
        if (sigma > 0) bg = BackgroundMap.given(w, h, 0, sigma); // levels are already subtracted; only the noise is used from here
        if (cancelled.getAsBoolean()) return null;
        double kernel = psfFwhm > 0 ? Math.max(1, psfFwhm / scale / 2.3548) : DEFAULT_KERNEL;
        SourceDetector.Segmentation seg = SourceDetector.detect(sub, w, h, bg, kernel, settings, cancelled);
        if (seg == null) return null;
        if (!settings.constantSky()) {
            // second pass, as photutils advises: the mesh again with the sources' footprints (grown) left out, since
            // their light pulls each box's mode up and a few counts per pixel over a stamp is thousands in flux
            BackgroundMap second = BackgroundMap.mesh(withoutSources(field.pixels(), seg, SOURCE_MASK_GROW), w, h, settings.backgroundBox(), true);
            sky = second;
            sub = second.subtract(field.pixels());
            bg = sigma > 0 ? bg : second;
        }
        double window = Math.max(2, kernel);
        List<SourceShape> shapes = shapes(sub, seg, bg, window);
        String note;
        if (!(psfFwhm > 0)) {
            psfFwhm = measurePsf(seg, shapes, psfBeta, scale, window);
            note = String.format(Locale.ROOT, "PSF FWHM %.3f arcsec measured on the stars", psfFwhm);
            // with the PSF known, the moments' window follows it
            double k = Math.max(1, psfFwhm / scale / 2.3548);
            if (Math.max(2, k) != window) {
                window = Math.max(2, k);
                shapes = shapes(sub, seg, bg, window);
            }
        } else {
            note = String.format(Locale.ROOT, "PSF FWHM %.3f arcsec %s", psfFwhm, psfOrigin);
        }
        if (cancelled.getAsBoolean()) return null;
        PsfSizes sizes = new PsfSizes(PsfModel.moffat(psfBeta, psfFwhm), scale, window);
        List<FoundSource> out = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            SourceShape s = shapes.get(i);
            double t = sizes.at(s.x(), s.y());
            double z = (s.size() - t) / s.sizeError();
            boolean smaller = z < -SMALLER_SIGMAS && s.size() < (1 - SMALLER_EXCESS) * t;
            boolean star = !smaller && (z < STAR_SIGMAS || s.size() - t < STAR_EXCESS * t);
            out.add(new FoundSource(seg.sources().get(i), s, t, star));
        }
        return new Found(sky, bg, sub, seg, List.copyOf(out), psfFwhm, note);
    }

    /** Pixels around a source's footprint also left out of the second background pass. */
    static final int SOURCE_MASK_GROW = 4;

    /**
     * A copy of the field with every source's footprint, grown by {@code grow} pixels, set to NaN, and a disc of twice
     * the footprint's equivalent radius around each peak: a bright star's Moffat wings reach far beyond the
     * threshold (at 20 pixels from a 2e6-count star they still hold ~20 counts per pixel).
     */
    static float[] withoutSources(float[] pixels, SourceDetector.Segmentation seg, int grow) {
        int w = seg.width(), h = seg.height();
        int[] labels = seg.labels();
        // grow along rows, then along columns (a square structuring element): a pixel is hit when the nearest
        // marked pixel on its line, to either side, is at most grow away
        boolean[] rows = new boolean[pixels.length];
        int[] left = new int[Math.max(w, h)];
        for (int y = 0; y < h; y++) {
            int last = Integer.MIN_VALUE / 2;
            for (int x = 0; x < w; x++) {
                if (labels[y * w + x] > 0) last = x;
                left[x] = x - last;
            }
            last = Integer.MAX_VALUE / 2;
            for (int x = w - 1; x >= 0; x--) {
                if (labels[y * w + x] > 0) last = x;
                rows[y * w + x] = Math.min(left[x], last - x) <= grow;
            }
        }
        float[] out = pixels.clone();
        for (int x = 0; x < w; x++) {
            int last = Integer.MIN_VALUE / 2;
            for (int y = 0; y < h; y++) {
                if (rows[y * w + x]) last = y;
                left[y] = y - last;
            }
            last = Integer.MAX_VALUE / 2;
            for (int y = h - 1; y >= 0; y--) {
                if (rows[y * w + x]) last = y;
                if (Math.min(left[y], last - y) <= grow) out[y * w + x] = Float.NaN;
            }
        }
        for (DetectedSource d : seg.sources()) {
            double r = Math.min(64, 2 * Math.sqrt(d.area() / Math.PI));
            int ri = (int) Math.ceil(r);
            for (int y = Math.max(0, d.peakY() - ri); y <= Math.min(h - 1, d.peakY() + ri); y++)
                for (int x = Math.max(0, d.peakX() - ri); x <= Math.min(w - 1, d.peakX() + ri); x++)
                    if ((x - d.peakX()) * (x - d.peakX()) + (y - d.peakY()) * (y - d.peakY()) <= r * r) out[y * w + x] = Float.NaN;
        }
        return out;
    }

    private static List<SourceShape> shapes(float[] sub, SourceDetector.Segmentation seg, BackgroundMap bg, double window) {
        return seg.sources().parallelStream()
                .map(d -> SourceShape.measure(sub, seg, d, window, bg.rms(d.peakX(), d.peakY()))).toList();
    }

    /**
     * The PSF FWHM in arcsec from the stars, under the model's Moffat beta. Stars are the smallest sources: among bright
     * unblended ones (filtered peak at least 30 sigma, away from the edge), each size T is turned into the FWHM a point
     * source of that size would have at that sub-pixel position (a table of T over FWHM drawn with the pixel response);
     * the stellar locus is the lowest fifth of those, and the answer is the median of the sources within 10 % of
     * the locus' median. (A free-beta Moffat fit on a small cut-out trades beta against FWHM and the sky against the
     * wings: 2.4 % too wide on a simulated field; the moments at the model's beta are not.)
     */
    static double measurePsf(SourceDetector.Segmentation seg, List<SourceShape> shapes, double beta, double scale, double window) {
        double[] fwhms = new double[48];
        PsfSizes[] tables = new PsfSizes[fwhms.length];
        for (int i = 0; i < fwhms.length; i++) {
            fwhms[i] = 0.8 * Math.pow(1.06, i); // 0.8 to 12.5 pixels
            tables[i] = new PsfSizes(PsfModel.moffat(beta, fwhms[i] * scale), scale, window);
        }
        List<double[]> candidates = new ArrayList<>(); // {equivalent fwhm px, significance}
        int w = seg.width(), h = seg.height(), margin = 16;
        for (int i = 0; i < shapes.size(); i++) {
            DetectedSource d = seg.sources().get(i);
            SourceShape s = shapes.get(i);
            if (d.blended() || d.significance() < 30 || !(s.size() > 0)) continue;
            if (s.x() < margin || s.y() < margin || s.x() > w - margin || s.y() > h - margin) continue;
            double[] ts = new double[fwhms.length];
            for (int k = 0; k < ts.length; k++) ts[k] = tables[k].at(s.x(), s.y());
            double f = invert(fwhms, ts, s.size());
            if (Double.isFinite(f)) candidates.add(new double[] {f, d.significance()});
        }
        if (candidates.size() < MIN_STARS)
            throw new IllegalArgumentException("the PSF FWHM is not in the header and only " + candidates.size() + " bright isolated sources"
                    + " were found to measure it on (at least " + MIN_STARS + " stars are needed): give psf_fwhm (arcsec)");
        candidates.sort((a, b) -> Double.compare(a[0], b[0]));
        int locus = Math.max(MIN_STARS, candidates.size() / 5);
        double[] low = new double[locus];
        for (int i = 0; i < locus; i++) low[i] = candidates.get(i)[0];
        double centre = median(low);
        List<Double> stars = new ArrayList<>();
        for (double[] c : candidates) if (Math.abs(c[0] / centre - 1) <= 0.1) stars.add(c[0]);
        if (stars.size() < MIN_STARS)
            throw new IllegalArgumentException("the PSF FWHM is not in the header and only " + stars.size() + " sources look like stars"
                    + " (at least " + MIN_STARS + " are needed): give psf_fwhm (arcsec)");
        return median(stars.stream().mapToDouble(Double::doubleValue).toArray()) * scale;
    }

    /** FWHM whose point-source size is t, by linear interpolation in the table; NaN outside it. */
    private static double invert(double[] fwhms, double[] ts, double t) {
        for (int i = 1; i < ts.length; i++)
            if (ts[i - 1] <= t && t <= ts[i]) return fwhms[i - 1] + (fwhms[i] - fwhms[i - 1]) * (t - ts[i - 1]) / (ts[i] - ts[i - 1]);
        return Double.NaN;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
