package org.galaxyparams.sim;

/**
 * Everything that fixes a simulated dataset besides its size: the prior, the PSF family, the stamp,
 * the base seed, the SNR window and which images to keep.
 *
 * @param psfBeta Moffat beta, or NaN for a Gaussian PSF
 * @param snrMin samples with SNR below are rejected and redrawn
 * @param snrMax samples with SNR above are rejected and redrawn
 */
public record SimulationConfig(Prior prior, double psfBeta, StampGeometry geometry, long seed,
                               double snrMin, double snrMax, boolean keepNoisy, boolean keepPsf) {
    public static SimulationConfig of(Preset preset, long seed) {
        return new SimulationConfig(preset.prior(), Preset.PSF_BETA, StampGeometry.DEFAULT, seed, 10, 100, true, true);
    }

    public SimulationConfig {
        if (!(snrMin <= snrMax)) throw new IllegalArgumentException("SNR window must satisfy min <= max");
    }

    public PsfModel psf(double fwhm) {
        return Double.isNaN(psfBeta) ? PsfModel.gaussian(fwhm) : PsfModel.moffat(psfBeta, fwhm);
    }

    public SimulationConfig withGeometry(StampGeometry g) {
        return new SimulationConfig(prior, psfBeta, g, seed, snrMin, snrMax, keepNoisy, keepPsf);
    }

    public SimulationConfig withSnrWindow(double min, double max) {
        return new SimulationConfig(prior, psfBeta, geometry, seed, min, max, keepNoisy, keepPsf);
    }

    /** The same dataset drawn from another base seed (a validation set beside a training stream, say). */
    public SimulationConfig withSeed(long seed) {
        return new SimulationConfig(prior, psfBeta, geometry, seed, snrMin, snrMax, keepNoisy, keepPsf);
    }

    public SimulationConfig withOutputs(boolean noisy, boolean psf) {
        return new SimulationConfig(prior, psfBeta, geometry, seed, snrMin, snrMax, noisy, psf);
    }
}
