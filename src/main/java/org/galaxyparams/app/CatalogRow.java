package org.galaxyparams.app;

/**
 * One source of a field catalog.
 *
 * @param file the field's file name or image title
 * @param id the detector's 1-based id (decreasing filtered peak)
 * @param x centre in field pixels, ImageJ's convention (pixel i spans [i, i + 1)); the fitted centre when a fit ran
 * @param y the same along y
 * @param ra right ascension in degrees from the field's WCS, NaN without one
 * @param dec declination in degrees, NaN without a WCS
 * @param kind "galaxy" or "star"
 * @param flags {@link org.galaxyparams.field.FieldFlags} bits
 * @param area footprint pixels
 * @param isoFlux background-subtracted counts on the footprint
 * @param snr sqrt(sum of the model's pixels squared) / sigma at the estimate (SPEC section 1), NaN without one
 * @param sizeSignificance size excess over a point source, in noise sigmas (what the class rests on)
 * @param measurement the parameters, errors and method (for a star: its PSF flux), as every workflow reports them
 */
public record CatalogRow(String file, int id, double x, double y, double ra, double dec, String kind, int flags, int area, double isoFlux,
                         double snr, double sizeSignificance, MeasurementRow measurement) {
    public static final String GALAXY = "galaxy", STAR = "star";

    public boolean galaxy() { return GALAXY.equals(kind); }
}
