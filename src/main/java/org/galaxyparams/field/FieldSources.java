package org.galaxyparams.field;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.galaxyparams.fit.StarPsfFit;
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
    /** A source smaller than a point source by more sigmas than this is not one (a blend's remnant, an artefact). */
    public static final double SMALLER_SIGMAS = 3;
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
            BackgroundMap second = BackgroundMap.mesh(withoutSources(field.pixels(), seg, SOURCE_MASK_GROW), w, h, settings.backgroundBox());
            sky = second;
            sub = second.subtract(field.pixels());
            bg = sigma > 0 ? bg : second;
        }
        double window = Math.max(2, kernel);
        List<SourceShape> shapes = shapes(sub, seg, bg, window);
        String note;
        if (!(psfFwhm > 0)) {
            psfFwhm = measurePsf(sub, seg, shapes, bg, psfBeta, scale, window);
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
            boolean star = z > -SMALLER_SIGMAS && (z < STAR_SIGMAS || s.size() - t < STAR_EXCESS * t);
            out.add(new FoundSource(seg.sources().get(i), s, t, star));
        }
        return new Found(sky, bg, sub, seg, List.copyOf(out), psfFwhm, note);
    }

    /** Pixels around a source's footprint also left out of the second background pass. */
    static final int SOURCE_MASK_GROW = 4;

    /** A copy of the field with every source's footprint, grown by {@code grow} pixels, set to NaN. */
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
        return out;
    }

    private static List<SourceShape> shapes(float[] sub, SourceDetector.Segmentation seg, BackgroundMap bg, double window) {
        return seg.sources().parallelStream()
                .map(d -> SourceShape.measure(sub, seg, d, window, bg.rms(d.peakX(), d.peakY()))).toList();
    }

    /**
     * The PSF FWHM in arcsec from the stars. Stars are the smallest sources: among bright unblended ones (filtered
     * peak at least 30 sigma, away from the edge), the size T of each is turned into the FWHM a point source of that
     * size would have; the stellar locus is the lowest fifth of those, and the sources within 10 % of its median
     * are fitted one by one with a Moffat profile; the answer is the median of those fits.
     */
    static double measurePsf(float[] sub, SourceDetector.Segmentation seg, List<SourceShape> shapes, BackgroundMap bg, double beta,
                             double scale, double window) {
        // T as a function of FWHM for a point source at this window (centred; sub-pixel phase averages out over stars)
        double[] fwhms = new double[60], ts = new double[60];
        for (int i = 0; i < fwhms.length; i++) {
            fwhms[i] = 0.8 * Math.pow(1.05, i); // 0.8 to 14 pixels
            ts[i] = new PsfSizes(PsfModel.moffat(beta, fwhms[i] * scale), scale, window).at(0.5, 0.5);
        }
        List<double[]> candidates = new ArrayList<>(); // {equivalent fwhm px, index, significance}
        int w = seg.width(), h = seg.height(), half = 12;
        for (int i = 0; i < shapes.size(); i++) {
            DetectedSource d = seg.sources().get(i);
            SourceShape s = shapes.get(i);
            if (d.blended() || d.significance() < 30 || !(s.size() > 0)) continue;
            if (s.x() < half + 1 || s.y() < half + 1 || s.x() > w - half - 1 || s.y() > h - half - 1) continue;
            double f = invert(fwhms, ts, s.size());
            if (Double.isFinite(f)) candidates.add(new double[] {f, i, d.significance()});
        }
        if (candidates.size() < MIN_STARS)
            throw new IllegalArgumentException("the PSF FWHM is not in the header and only " + candidates.size() + " bright isolated sources"
                    + " were found to measure it on (at least " + MIN_STARS + " stars are needed): give psf_fwhm (arcsec)");
        candidates.sort((a, b) -> Double.compare(a[0], b[0]));
        int locus = Math.max(MIN_STARS, candidates.size() / 5);
        double[] low = new double[locus];
        for (int i = 0; i < locus; i++) low[i] = candidates.get(i)[0];
        double centre = median(low);
        List<double[]> stars = new ArrayList<>();
        for (double[] c : candidates) if (Math.abs(c[0] / centre - 1) <= 0.1) stars.add(c);
        stars.sort((a, b) -> Double.compare(b[2], a[2]));
        List<Double> fits = new ArrayList<>();
        for (double[] c : stars.subList(0, Math.min(15, stars.size()))) {
            SourceShape s = shapes.get((int) c[1]);
            int x0 = (int) Math.round(s.x()) - half, y0 = (int) Math.round(s.y()) - half, side = 2 * half;
            float[] cut = new float[side * side];
            for (int y = 0; y < side; y++) System.arraycopy(sub, (y0 + y) * w + x0, cut, y * side, side);
            boolean bad = false;
            for (float v : cut) bad |= v != v;
            if (bad) continue;
            try {
                StarPsfFit.Result r = StarPsfFit.fit(cut, side, side, bg.rms((int) s.x(), (int) s.y()));
                if (r.fwhmPixels() > 0 && Math.abs(r.fwhmPixels() / centre - 1) < 0.3) fits.add(r.fwhmPixels());
            } catch (IllegalArgumentException notAStar) {
                // skipped: the others decide
            }
        }
        if (fits.size() < MIN_STARS)
            throw new IllegalArgumentException("the PSF FWHM is not in the header and only " + fits.size() + " stars could be fitted"
                    + " (at least " + MIN_STARS + " are needed): give psf_fwhm (arcsec)");
        return median(fits.stream().mapToDouble(Double::doubleValue).toArray()) * scale;
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
