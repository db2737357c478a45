package org.galaxyparams.net;

/**
 * Sizes of the Xception regressor (SPEC section 4). The study's configuration is {@link #STUDY}.
 *
 * @param inputChannels image channels (1 = stamp; 3 = stamp + PSF FWHM plane + sigma plane)
 * @param entryFilters filters of the first convolution
 * @param entryKernel kernel of the first convolution (stride 2)
 * @param poolAfterEntry extra 2x2 max pools after the first convolution (each halves the grid)
 * @param blocks residual blocks of two separable convolutions
 * @param blockFilters filters of those blocks
 * @param kernel depthwise kernel of the separable convolutions
 * @param exitFilters filters of the exit separable convolution (then 3x3/2 max pool, global average pool)
 * @param outputs number of regressed labels
 */
public record XceptionConfig(int inputChannels, int entryFilters, int entryKernel, int poolAfterEntry,
                             int blocks, int blockFilters, int kernel, int exitFilters, int outputs) {
    /** The study's network: 16 k5/2 entry, 8 blocks of 64, k3, exit 128, 5 outputs (single channel). */
    public static final XceptionConfig STUDY = new XceptionConfig(1, 16, 5, 0, 8, 64, 3, 128, 5);

    public XceptionConfig {
        if (inputChannels < 1 || entryFilters < 1 || entryKernel < 1 || poolAfterEntry < 0 || blocks < 0
                || blockFilters < 1 || kernel < 1 || exitFilters < 1 || outputs < 1)
            throw new IllegalArgumentException("Xception sizes must be positive: " + this);
    }
}
