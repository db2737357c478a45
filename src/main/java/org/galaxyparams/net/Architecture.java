package org.galaxyparams.net;

import ai.djl.nn.Block;

/**
 * One network's kind and sizes, as stored in its model card. Exactly one of the three configs is set.
 */
public record Architecture(NetworkKind kind, XceptionConfig xception, EdsrConfig edsr, RdnConfig rdn) {
    /** Shipped regressor sizes: chosen by measured speed on 2 CPU cores (see README, Networks). */
    public static final Architecture SHIPPED_XCEPTION =
            of(new XceptionConfig(InputEncoding.CHANNELS, 16, 5, 1, 4, 32, 3, 64, 5));
    /** The shipped regressor's sizes with the asinh input plane ({@link InputEncoding#STUDY_ASINH}). */
    public static final Architecture SHIPPED_XCEPTION_ASINH = of(new XceptionConfig(4, 16, 5, 1, 4, 32, 3, 64, 5));
    /**
     * Shipped EDSR: 4 blocks of 24 maps on a 2x unshuffled grid, no residual scaling (the study's 0.1 is for
     * 256 maps; with it, training here went to NaN twice within 300 steps).
     */
    public static final Architecture SHIPPED_EDSR = of(new EdsrConfig(InputEncoding.CHANNELS, 4, 24, 1f, 2));
    /** Shipped RDN: 3 blocks of 3 layers, growth 12, 24 maps, on a 2x unshuffled grid. */
    public static final Architecture SHIPPED_RDN = of(new RdnConfig(InputEncoding.CHANNELS, 3, 3, 12, 24, 2));

    public static Architecture of(XceptionConfig c) { return new Architecture(NetworkKind.XCEPTION, c, null, null); }

    public static Architecture of(EdsrConfig c) { return new Architecture(NetworkKind.EDSR, null, c, null); }

    public static Architecture of(RdnConfig c) { return new Architecture(NetworkKind.RDN, null, null, c); }

    public static Architecture shipped(NetworkKind kind) {
        return switch (kind) {
            case XCEPTION -> SHIPPED_XCEPTION;
            case EDSR -> SHIPPED_EDSR;
            case RDN -> SHIPPED_RDN;
        };
    }

    public Block build() {
        return switch (kind) {
            case XCEPTION -> Networks.xception(xception);
            case EDSR -> Networks.edsr(edsr);
            case RDN -> Networks.rdn(rdn);
        };
    }

    public int inputChannels() {
        return switch (kind) {
            case XCEPTION -> xception.inputChannels();
            case EDSR -> edsr.channels();
            case RDN -> rdn.channels();
        };
    }
}
