package org.galaxyparams.app;

/**
 * An open image as the workflows see it, without ImageJ: planes of counts, slice labels and what the image says
 * about its pixels. Fiji adapts an ImagePlus to it; tests give arrays.
 */
public interface ImageSource {
    String title();

    int width();

    int height();

    int slices();

    /** Slice {@code slice} (1-based) as row-major counts (calibrated values for integer images). */
    float[] plane(int slice);

    /** The slice's label (for this bundle's stacks, its observing conditions and truth), or null. */
    String label(int slice);

    /** Arcsec per pixel as the image states it (calibration, PIXSCALE, WCS), NaN when it states none. */
    double pixelScale();

    /** 8, 16 or 32 for grey images, 24 for RGB. */
    int bitDepth();
}
