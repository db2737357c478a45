package org.galaxyparams.net;

/**
 * Sizes of the Xception regressor (SPEC section 4). The study's configuration is {@link #STUDY}.
 *
 * @param inputChannels image channels (1 = stamp; 3 = stamp + PSF FWHM plane + sigma plane)
 * @param entryFilters filters of the first convolution
 * @param entryKernel kernel of the first convolution (stride 2)
 * @param poolAfterEntry extra 2x2 downsamplings after the first convolution (each halves the grid)
 * @param blocks residual blocks of two separable convolutions
 * @param blockFilters filters of those blocks
 * @param kernel depthwise kernel of the separable convolutions
 * @param exitFilters filters of the exit separable convolution (then 3x3/2 max pool, global average pool)
 * @param outputs number of regressed labels
 * @param unshuffleEntry whether those downsamplings are 2x2 pixel unshuffles (space to depth: each of the four pixels
 *        of a 2x2 cell becomes a channel, so nothing is discarded and the channels grow 4x) instead of 2x2 max pools
 *        (which keep one value in four). Absent from older cards, which read as false.
 */
public record XceptionConfig(int inputChannels, int entryFilters, int entryKernel, int poolAfterEntry,
                             int blocks, int blockFilters, int kernel, int exitFilters, int outputs, boolean unshuffleEntry) {
    /** The study's network: 16 k5/2 entry, 8 blocks of 64, k3, exit 128, 5 outputs (single channel). */
    public static final XceptionConfig STUDY = new XceptionConfig(1, 16, 5, 0, 8, 64, 3, 128, 5);

    /** Sizes with max pools after the entry convolution (every network trained before the unshuffle entry). */
    public XceptionConfig(int inputChannels, int entryFilters, int entryKernel, int poolAfterEntry,
                          int blocks, int blockFilters, int kernel, int exitFilters, int outputs) {
        this(inputChannels, entryFilters, entryKernel, poolAfterEntry, blocks, blockFilters, kernel, exitFilters, outputs, false);
    }

    /**
     * This layout reshaped as {@code train --pool --blocks --filters --unshuffle-entry} ask: the block filters set to
     * {@code blockFilters} and the exit's to twice that, 5 outputs; input planes, entry and kernels kept.
     */
    public XceptionConfig reshaped(int poolAfterEntry, int blocks, int blockFilters, boolean unshuffleEntry) {
        return new XceptionConfig(inputChannels, entryFilters, entryKernel, poolAfterEntry, blocks, blockFilters, kernel, 2 * blockFilters,
                5, unshuffleEntry);
    }

    /** These sizes with {@code outputs} outputs, the rest (including the entry's downsampling) unchanged. */
    public XceptionConfig withOutputs(int outputs) {
        return new XceptionConfig(inputChannels, entryFilters, entryKernel, poolAfterEntry, blocks, blockFilters, kernel, exitFilters,
                outputs, unshuffleEntry);
    }

    /** These sizes with {@code blocks} residual blocks, the rest unchanged. */
    public XceptionConfig withBlocks(int blocks) {
        return new XceptionConfig(inputChannels, entryFilters, entryKernel, poolAfterEntry, blocks, blockFilters, kernel, exitFilters,
                outputs, unshuffleEntry);
    }

    /** These sizes with {@code inputChannels} input planes, the rest unchanged. */
    public XceptionConfig withInputChannels(int inputChannels) {
        return new XceptionConfig(inputChannels, entryFilters, entryKernel, poolAfterEntry, blocks, blockFilters, kernel, exitFilters,
                outputs, unshuffleEntry);
    }

    /** Channels the first block reads: the entry's filters, times 4 for each unshuffle. */
    public int channelsAfterEntry() {
        return unshuffleEntry ? entryFilters << (2 * poolAfterEntry) : entryFilters;
    }

    public XceptionConfig {
        if (inputChannels < 1 || entryFilters < 1 || entryKernel < 1 || poolAfterEntry < 0 || blocks < 0
                || blockFilters < 1 || kernel < 1 || exitFilters < 1 || outputs < 1)
            throw new IllegalArgumentException("Xception sizes must be positive: " + this);
    }
}
