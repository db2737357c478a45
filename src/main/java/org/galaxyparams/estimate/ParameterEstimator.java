package org.galaxyparams.estimate;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.galaxyparams.sim.ProgressListener;

/**
 * Estimates flux, sersic_n, hlr, g1, g2 for stamps. The neural implementation runs DJL networks; tests of
 * the layers above use a fake. Stamps that fail {@link #checkInput} come back refused, never dropped.
 */
public interface ParameterEstimator extends AutoCloseable {
    /** What produced the numbers: model names and weight hashes, e.g. "rdn-dataset3@1a2b3c + xception-dataset3@4d5e6f". */
    String provenance();

    /** Stamp side the model takes, in pixels. */
    int stampSize();

    /** Pixel scale the model was trained for, arcsec/pixel. */
    double pixelScale();

    /** Moffat beta of the PSFs the model was trained on (2 for the shipped ones). */
    default double psfBeta() { return 2.0; }

    /** Why this stamp cannot be estimated, or null when it can. */
    String checkInput(StampInput stamp);

    /** One estimate per stamp, in order; stops early (returning what is done) when {@code cancelled}. */
    List<Estimate> estimate(List<StampInput> stamps, BooleanSupplier cancelled, ProgressListener progress);

    @Override
    void close();
}
