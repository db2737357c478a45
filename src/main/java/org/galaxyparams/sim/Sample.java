package org.galaxyparams.sim;

/**
 * One simulated galaxy: its true parameters, observing conditions and images (row-major size x size,
 * index y * size + x, counts per pixel).
 *
 * @param psfFwhm PSF FWHM in arcsec
 * @param sigma Gaussian read-noise standard deviation in counts
 * @param snr sqrt(sum noiseless^2) / sigma
 * @param seed the seed that reproduces this sample (parameters and noise) on its own
 * @param noisy noisy image (may be null when only noiseless images are wanted)
 * @param noiseless noiseless image
 * @param psf PSF image drawn on the same grid (unit flux), or null
 */
public record Sample(GalaxyParams params, double psfFwhm, double sigma, double snr, long seed,
                     float[] noisy, float[] noiseless, float[] psf) {}
