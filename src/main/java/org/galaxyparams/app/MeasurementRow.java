package org.galaxyparams.app;

import org.galaxyparams.fit.FitResult;
import org.galaxyparams.posterior.PosteriorSummary;
import org.galaxyparams.sim.GalaxyParams;

/**
 * One galaxy's result row, whatever the workflow (network estimate, refined estimate, maximum-likelihood fit) and
 * the front-end: written to CSV and shown in Fiji's ResultsTable through {@link ResultColumns}, never parsed back.
 *
 * @param file file name (file mode) or image title (image mode)
 * @param index 0-based image number within the file, or -1 in image mode
 * @param slice 1-based slice of the image, or 0 in file mode
 * @param roi ROI name, or null
 * @param x galaxy centre in image pixels (pixel i spans [i, i + 1)), NaN when unknown
 * @param y the same along y
 * @param estimate flux (counts), sersic_n, hlr (arcsec), g1, g2; null when there is none (the message says why)
 * @param method how the estimate was made: {@link #NETWORK}, {@link #REFINED}, {@link #FIT}, or "" without one
 * @param fit the maximum-likelihood fit behind the estimate (Cramer-Rao errors, diagnostics), or null
 * @param errors standard errors in label order: Cramer-Rao at the fit when there is one, else the network's predicted
 *               spread; null when there are none (with a posterior: its standard deviations)
 * @param posterior the posterior summary (percentiles, effective sample size) when the method sampled one, or null
 * @param psfFwhm PSF FWHM used, arcsec
 * @param sigma noise sigma used, counts
 * @param sky sky level subtracted from every pixel, counts (0 when none, NaN when the row has no stamp)
 * @param detection significance in noise sigmas of the smoothed peak at the galaxy, NaN when not measured
 * @param model networks as name@sha256-prefix, "" for a fit alone
 * @param seconds time spent on this galaxy
 * @param message notes and warnings, "" when none
 */
public record MeasurementRow(String file, int index, int slice, String roi, double x, double y, GalaxyParams estimate, String method,
                             FitResult fit, double[] errors, PosteriorSummary posterior, double psfFwhm, double sigma, double sky, double detection, String model, double seconds,
                             String message) {
    public static final String NETWORK = "network";
    public static final String REFINED = "network+ml";
    public static final String FIT = "ml";
    public static final String POSTERIOR = "network+posterior";

    /** A row for a galaxy that got no estimate. */
    public static MeasurementRow failed(String file, int index, int slice, String roi, double x, double y, String model, String why) {
        return new MeasurementRow(file, index, slice, roi, x, y, null, "", null, null, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, model,
                Double.NaN, why);
    }

    public boolean ok() { return estimate != null; }

    public MeasurementRow withMessage(String m) {
        return new MeasurementRow(file, index, slice, roi, x, y, estimate, method, fit, errors, posterior, psfFwhm, sigma, sky, detection, model, seconds, m);
    }

    /** This row without the fit's model image, for runs that keep their rows (memory per row: a few hundred bytes). */
    public MeasurementRow withoutModel() {
        return fit == null || fit.model() == null ? this : new MeasurementRow(file, index, slice, roi, x, y, estimate, method,
                fit.withoutModel(), errors, posterior, psfFwhm, sigma, sky, detection, model, seconds, message);
    }
}
