package org.galaxyparams.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.stamp.SkyLevel;

/**
 * The one rule for a stamp's PSF FWHM and sigma: a value the user gives wins over the file's or label's; where the
 * user gives none, the source's value; where neither gives one (or the source's is infinite), sigma is 1.4826 MAD of the stamp's 4-pixel border
 * (and a stamp without a PSF FWHM is refused by the estimator). What did not come from the source is noted for the
 * row's message.
 *
 * @param psfFwhm arcsec for every stamp (NaN or &le; 0: the source's)
 * @param sigma counts for every stamp (NaN or &le; 0: the source's, else measured on the border)
 * @param sigmaFromBorder always measure sigma on the border, whatever the source says
 */
public record ObservingConditions(double psfFwhm, double sigma, boolean sigmaFromBorder) {
    /** Width in pixels of the frame sigma is measured on. */
    public static final int BORDER = org.galaxyparams.stamp.StampPreparation.BORDER;
    /** Use the sources' values only. */
    public static final ObservingConditions FROM_SOURCE = new ObservingConditions(Double.NaN, Double.NaN, false);

    /** A stamp with its conditions filled in, and what was filled ("" when nothing). */
    public record Filled(StampInput stamp, String note) {}

    public Filled fill(StampInput s) {
        List<String> notes = new ArrayList<>();
        double f = s.psfFwhm(), sg = s.sigma();
        if (psfFwhm > 0 && f != psfFwhm) {
            if (f > 0) notes.add(String.format(Locale.ROOT, "psf_fwhm %.4g as given (the source says %.4g)", psfFwhm, f));
            f = psfFwhm;
        }
        if (!sigmaFromBorder && sigma > 0) {
            if (sg > 0 && sg != sigma) notes.add(String.format(Locale.ROOT, "sigma %.4g as given (the source says %.4g)", sigma, sg));
            sg = sigma;
        } else if (sigmaFromBorder || !(sg > 0) || Double.isInfinite(sg)) {
            if (s.size() > 2 * BORDER) {
                double source = sg;
                sg = SkyLevel.frameSigma(s.pixels(), s.size(), BORDER);
                if (Double.isInfinite(source) && !sigmaFromBorder)
                    notes.add(String.format(Locale.ROOT, "the source's SIGMA (%s) is not a noise level: sigma %.4g from the stamp's border",
                            source, sg));
                else if (!sigmaFromBorder) notes.add(String.format(Locale.ROOT, "sigma %.4g from the stamp's border", sg));
            }
        }
        StampInput out = f == s.psfFwhm() && sg == s.sigma() ? s : s.withConditions(f, sg);
        return new Filled(out, String.join("; ", notes));
    }

    /** "a; b" without empty parts. */
    public static String join(String a, String b) {
        if (a == null || a.isEmpty()) return b == null ? "" : b;
        if (b == null || b.isEmpty()) return a;
        return a + "; " + b;
    }
}
