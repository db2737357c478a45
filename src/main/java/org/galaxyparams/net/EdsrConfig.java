package org.galaxyparams.net;

/**
 * Sizes of the EDSR denoiser: head convolution, residual blocks (conv-ReLU-conv, scaled), tail
 * convolution, global skip from input to output. The study used 16 blocks of 256 filters, scaling 0.1.
 *
 * @param channels input channels (the image first, then conditioning planes); the output is one image
 * @param blocks residual blocks
 * @param filters feature maps
 * @param residualScale scaling of each block's residual branch
 * @param downscale 1, or 2 to run the body on a pixel-unshuffled half-resolution grid (as FFDNet does)
 */
public record EdsrConfig(int channels, int blocks, int filters, float residualScale, int downscale) {
    public static final EdsrConfig STUDY = new EdsrConfig(1, 16, 256, 0.1f, 1);

    public EdsrConfig {
        if (channels < 1 || blocks < 1 || filters < 1 || !(residualScale > 0) || downscale < 1)
            throw new IllegalArgumentException("EDSR sizes must be positive: " + this);
    }
}
