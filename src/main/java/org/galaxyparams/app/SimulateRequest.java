package org.galaxyparams.app;

import org.galaxyparams.sim.Preset;

/**
 * The defaults every front-end gives a simulation (Fiji's dialog, the SciJava command, the CLI), in one place.
 * The runs themselves still live in the front-ends' simulate paths (to be moved here).
 */
public final class SimulateRequest {
    /** Default preset. */
    public static final Preset PRESET = Preset.DATASET3;
    /** Default base seed. */
    public static final long SEED = 1;

    private SimulateRequest() {}

    /** Default number of images: 10,000 for the fixed-galaxy presets (a CRB comparison needs them), else 1,000. */
    public static int count(Preset p) {
        return p == Preset.SNR30 || p == Preset.SNR60 ? 10_000 : 1000;
    }
}
