package org.galaxyparams.app;

import java.util.List;

/**
 * What an image run gives: a row per target in order, the images of each measured galaxy (same order; empty for a
 * target without an estimate), the stamp side and pixel scale (arcsec/pixel) of those images, the image's pixel
 * scale, and whether it was cancelled before the end.
 */
public record ImageResult(List<MeasurementRow> rows, List<List<Panel>> panels, int stampSize, double pixelScale, double imageScale,
                          boolean cancelled) {
    /** One image of a galaxy's panel: data, denoised, model or residual. */
    public record Panel(String label, float[] pixels) {}
}
