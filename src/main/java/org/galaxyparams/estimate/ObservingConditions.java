package org.galaxyparams.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.fit.StampCut;

/**
 * Fills the PSF FWHM and sigma of a stamp its source did not give: the file's or label's values win, then these
 * defaults, then (sigma only) 1.4826 MAD of the stamp's 4-pixel border. Each fill is noted for the row's message.
 *
 * @param psfFwhm arcsec, for stamps without one (NaN or &le; 0: none; such stamps are refused by the estimator)
 * @param sigma counts, for stamps without one (NaN or &le; 0: measured on the border)
 * @param sigmaFromBorder always measure sigma on the border, whatever the source says
 */
public record ObservingConditions(double psfFwhm, double sigma, boolean sigmaFromBorder) {
    /** Width in pixels of the frame sigma is measured on. */
    public static final int BORDER = 4;
    /** Use the sources' values only. */
    public static final ObservingConditions FROM_SOURCE = new ObservingConditions(Double.NaN, Double.NaN, false);

    /** A stamp with its conditions filled in, and what was filled ("" when nothing). */
    public record Filled(StampInput stamp, String note) {}

    public Filled fill(StampInput s) {
        List<String> notes = new ArrayList<>();
        double f = s.psfFwhm(), sg = s.sigma();
        if (!(f > 0) && psfFwhm > 0) {
            f = psfFwhm;
            notes.add(String.format(Locale.ROOT, "psf_fwhm %.4g (the source gives none)", f));
        }
        if (sigmaFromBorder || !(sg > 0)) {
            if (!sigmaFromBorder && sigma > 0) {
                sg = sigma;
                notes.add(String.format(Locale.ROOT, "sigma %.4g (the source gives none)", sg));
            } else if (s.size() > 2 * BORDER) {
                sg = borderSigma(s.pixels(), s.size());
                if (!sigmaFromBorder) notes.add(String.format(Locale.ROOT, "sigma %.4g from the stamp's border", sg));
            }
        }
        StampInput out = f == s.psfFwhm() && sg == s.sigma() ? s : new StampInput(s.id(), s.pixels(), s.size(), f, sg);
        return new Filled(out, String.join("; ", notes));
    }

    /** Sigma of a square float stamp from its border frame. */
    public static double borderSigma(float[] pixels, int size) {
        double[] d = new double[pixels.length];
        for (int i = 0; i < d.length; i++) d[i] = pixels[i];
        return StampCut.borderSigma(d, size, BORDER);
    }

    /** "a; b" without empty parts. */
    public static String join(String a, String b) {
        if (a == null || a.isEmpty()) return b == null ? "" : b;
        if (b == null || b.isEmpty()) return a;
        return a + "; " + b;
    }
}
