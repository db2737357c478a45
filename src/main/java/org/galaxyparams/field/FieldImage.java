package org.galaxyparams.field;

/**
 * A survey field as the catalog workflow sees it: counts and what the file says about them.
 *
 * @param name file name or image title, for rows and messages
 * @param pixels row-major counts (NaN marks a bad pixel)
 * @param pixelScale arcsec per pixel stated by the file (PIXSCALE or the WCS), NaN when it states none
 * @param psfFwhm PSF FWHM in arcsec from the header (PSF_FWHM or PSFFWHM), NaN when absent
 * @param sigma noise sigma in counts from the header (SIGMA), NaN when absent
 * @param saturation counts at and above which a pixel is saturated (SATURATE), NaN when absent
 * @param wcs the celestial coordinates, or null
 * @param wcsNote why there are no sky coordinates ("" when there are)
 */
public record FieldImage(String name, float[] pixels, int width, int height, double pixelScale, double psfFwhm, double sigma,
                         double saturation, TanWcs wcs, String wcsNote) {
    public FieldImage {
        if ((long) width * height != pixels.length) throw new IllegalArgumentException(name + ": " + pixels.length + " pixels is not " + width + " x " + height);
    }

    /** The same field with other pixels (e.g. from Fiji, where the user may have edited them). */
    public FieldImage withPixels(float[] p) {
        return new FieldImage(name, p, width, height, pixelScale, psfFwhm, sigma, saturation, wcs, wcsNote);
    }
}
