package org.galaxyparams.io;

import java.util.Locale;

import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;

/**
 * What a dataset file says about itself besides its images and labels (its primary-header keywords).
 * Text fields are null when unknown (e.g. an observation read from a plain FITS image).
 *
 * @param geometry stamp size, pixel scale (arcsec/pixel) and centre offset (pixels): PIXSCALE, OFFSETX/OFFSETY
 * @param psfType "MOFFAT" or "GAUSSIAN" (PSFTYPE), or null if unknown
 * @param psfBeta Moffat beta (PSFBETA), NaN for a Gaussian PSF or if unknown
 * @param preset generator preset, e.g. "dataset3", "snr60", "catalog", "custom" (PRESET), or null
 * @param prior short description of the prior (PRIOR), or null
 * @param seed base seed of the run (SEED), 0 if unknown
 * @param command the command line that produced the file (GPCMD), or null
 * @param version generator version (GPVERS), or null
 */
public record DatasetInfo(StampGeometry geometry, String psfType, double psfBeta, String preset, String prior,
                          long seed, String command, String version) {
    public static final String MOFFAT = "MOFFAT";
    public static final String GAUSSIAN = "GAUSSIAN";
    /** This build's version: the jar manifest's Implementation-Version, else "dev". */
    public static final String GENERATOR_VERSION = generatorVersion();

    public DatasetInfo {
        if (geometry == null) throw new IllegalArgumentException("dataset geometry must not be null");
        if (psfType != null) {
            psfType = psfType.trim().toUpperCase(Locale.ROOT);
            if (!psfType.equals(MOFFAT) && !psfType.equals(GAUSSIAN)) {
                throw new IllegalArgumentException("PSF type must be MOFFAT or GAUSSIAN, got '" + psfType + "'");
            }
        }
    }

    /** Info with this build's version. */
    public DatasetInfo(StampGeometry geometry, String psfType, double psfBeta, String preset, String prior,
                       long seed, String command) {
        this(geometry, psfType, psfBeta, preset, prior, seed, command, GENERATOR_VERSION);
    }

    /** Info for a simulated dataset: PSF family and beta, prior, geometry and seed taken from {@code config}. */
    public static DatasetInfo forSimulation(SimulationConfig config, String preset, String command) {
        boolean gaussian = Double.isNaN(config.psfBeta());
        return new DatasetInfo(config.geometry(), gaussian ? GAUSSIAN : MOFFAT, config.psfBeta(), preset,
                config.prior().describe(), config.seed(), command);
    }

    /** Info for observed stamps: only the geometry is known. */
    public static DatasetInfo observation(StampGeometry geometry, String command) {
        return new DatasetInfo(geometry, null, Double.NaN, null, null, 0, command);
    }

    private static String generatorVersion() {
        String v = DatasetInfo.class.getPackage() == null ? null : DatasetInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
