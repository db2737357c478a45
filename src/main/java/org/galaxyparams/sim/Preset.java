package org.galaxyparams.sim;

import java.util.Locale;

/** The data presets of SPEC section 2. */
public enum Preset {
    DATASET1(new UniformPrior(0.3e5, 4e5, 0.5, 6, 0, 0.1, 0.6, 0.67, 0.5, 0.5, 200, 200, true)),
    DATASET2(new UniformPrior(0.3e5, 4e5, 0.5, 6, 0, 0.1, 0.6, 0.67, 0.5, 0.5, 200, 400, true)),
    DATASET3(new UniformPrior(0.3e5, 4e5, 0.5, 6, 0, 0.1, 0.6, 0.67, 0.5, 1.0, 200, 400, true)),
    SNR30(new FixedGalaxyPrior(GalaxyParams.STUDY_TEST_GALAXY, 0.5, 400)),
    SNR60(new FixedGalaxyPrior(GalaxyParams.STUDY_TEST_GALAXY, 0.5, 200));

    /** The study's fixed test galaxy. */
    public static final GalaxyParams TEST_GALAXY = GalaxyParams.STUDY_TEST_GALAXY;
    /** The study's Moffat beta. */
    public static final double PSF_BETA = 2.0;

    private final Prior prior;

    Preset(Prior prior) { this.prior = prior; }

    public Prior prior() { return prior; }

    /** The name used on the command line and in file headers, e.g. "dataset3". */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    public static Preset parse(String id) {
        for (Preset p : values()) if (p.id().equalsIgnoreCase(id.trim())) return p;
        throw new IllegalArgumentException("Unknown preset '" + id + "': use one of dataset1, dataset2, dataset3, snr30, snr60");
    }
}
