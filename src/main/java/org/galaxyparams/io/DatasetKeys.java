package org.galaxyparams.io;

import java.util.List;

import nom.tam.fits.header.FitsKey;
import nom.tam.fits.header.IFitsHeader.HDU;
import nom.tam.fits.header.IFitsHeader.VALUE;

/** Names fixed by the dataset file contract (SPEC section 3): header keywords, extension names, label columns. */
public final class DatasetKeys {
    private DatasetKeys() {}

    public static final String EXT_NOISELESS = "NOISELESS";
    public static final String EXT_PSF = "PSF";
    public static final String EXT_LABELS = "LABELS";

    // Primary-header keywords of a dataset.
    public static final FitsKey PIXSCALE = key("PIXSCALE", VALUE.REAL, "pixel scale [arcsec/pixel]");
    public static final FitsKey PSFBETA = key("PSFBETA", VALUE.REAL, "Moffat beta of the PSF");
    public static final FitsKey PSFTYPE = key("PSFTYPE", VALUE.STRING, "PSF family: MOFFAT or GAUSSIAN");
    public static final FitsKey PRESET = key("PRESET", VALUE.STRING, "generator preset");
    public static final FitsKey PRIOR = key("PRIOR", VALUE.STRING, "prior of the parameters");
    public static final FitsKey SEED = key("SEED", VALUE.INTEGER, "base seed (per image: LABELS SEED)");
    public static final FitsKey NSAMPLE = key("NSAMPLE", VALUE.INTEGER, "number of images");
    public static final FitsKey GPVERS = key("GPVERS", VALUE.STRING, "Galaxy Params version");
    public static final FitsKey GPCMD = key("GPCMD", VALUE.STRING, "command that produced this file");
    public static final FitsKey OFFSETX = key("OFFSETX", VALUE.REAL, "profile centre offset in x [pixel]");
    /** Declares the CONTINUE long-string convention (used when GPCMD or PRIOR exceed one card). */
    public static final FitsKey LONGSTRN = key("LONGSTRN", VALUE.STRING, "long strings use CONTINUE cards");
    public static final FitsKey OFFSETY = key("OFFSETY", VALUE.REAL, "profile centre offset in y [pixel]");

    // Per-image keywords of a single-stamp file (StampFits) or a plain observation image.
    public static final FitsKey FLUX = key("FLUX", VALUE.REAL, "true total flux [counts]");
    public static final FitsKey SERSIC_N = key("SERSIC_N", VALUE.REAL, "true Sersic index");
    public static final FitsKey HLR = key("HLR", VALUE.REAL, "true half-light radius [arcsec]");
    public static final FitsKey G1 = key("G1", VALUE.REAL, "true reduced shear g1");
    public static final FitsKey G2 = key("G2", VALUE.REAL, "true reduced shear g2");
    public static final FitsKey PSF_FWHM = key("PSF_FWHM", VALUE.REAL, "PSF FWHM [arcsec]");
    /** Accepted on reading as an alias of PSF_FWHM. */
    public static final FitsKey PSFFWHM = key("PSFFWHM", VALUE.REAL, "PSF FWHM [arcsec]");
    public static final FitsKey SIGMA = key("SIGMA", VALUE.REAL, "Gaussian noise sigma [counts]");
    public static final FitsKey SNR = key("SNR", VALUE.REAL, "sqrt(sum noiseless^2) / sigma");

    // LABELS columns, in file order.
    public static final String COL_FLUX = "FLUX", COL_SERSIC_N = "SERSIC_N", COL_HLR = "HLR", COL_G1 = "G1", COL_G2 = "G2",
            COL_PSF_FWHM = "PSF_FWHM", COL_SIGMA = "SIGMA", COL_SNR = "SNR", COL_SEED = "SEED";
    /** Columns of a simulated dataset: all double ('D') except SEED (64-bit integer, 'K'). */
    public static final List<String> TRUTH_COLUMNS =
            List.of(COL_FLUX, COL_SERSIC_N, COL_HLR, COL_G1, COL_G2, COL_PSF_FWHM, COL_SIGMA, COL_SNR, COL_SEED);
    /** Columns of an observation (no truth): both double. */
    public static final List<String> OBSERVATION_COLUMNS = List.of(COL_PSF_FWHM, COL_SIGMA);

    /** Physical unit of a LABELS column, or null. */
    static String unit(String column) {
        return switch (column) {
            case COL_FLUX, COL_SIGMA -> "count";
            case COL_HLR, COL_PSF_FWHM -> "arcsec";
            default -> null;
        };
    }

    private static FitsKey key(String name, VALUE type, String comment) {
        return new FitsKey(name, HDU.ANY, type, comment);
    }
}
