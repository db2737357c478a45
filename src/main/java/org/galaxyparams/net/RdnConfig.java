package org.galaxyparams.net;

/**
 * Sizes of the residual dense network denoiser: shallow features, {@code blocks} residual dense blocks
 * of {@code layers} densely connected 3x3 conv-ReLU layers with growth {@code growth}, 1x1 local fusion,
 * global fusion and a global skip from input to output. The study: 20 blocks of 6 layers, growth 32, 64 maps.
 *
 * @param channels input channels (the image first, then conditioning planes); the output is one image
 * @param downscale 1, or 2 to run the body on a pixel-unshuffled half-resolution grid (as FFDNet does)
 */
public record RdnConfig(int channels, int blocks, int layers, int growth, int features, int downscale) {
    public static final RdnConfig STUDY = new RdnConfig(1, 20, 6, 32, 64, 1);

    public RdnConfig {
        if (channels < 1 || blocks < 1 || layers < 1 || growth < 1 || features < 1 || downscale < 1)
            throw new IllegalArgumentException("RDN sizes must be positive: " + this);
    }
}
