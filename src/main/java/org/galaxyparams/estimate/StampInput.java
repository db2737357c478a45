package org.galaxyparams.estimate;

/**
 * One stamp to estimate: square, row-major (index y * size + x), counts.
 *
 * @param id what the caller calls it (file name, slice, ROI)
 * @param psfFwhm PSF FWHM in arcsec
 * @param sigma Gaussian noise standard deviation in counts
 */
public record StampInput(String id, float[] pixels, int size, double psfFwhm, double sigma) {
    public StampInput {
        if (pixels.length != size * size)
            throw new IllegalArgumentException(id + ": " + pixels.length + " pixels is not a " + size + " x " + size + " stamp");
    }
}
