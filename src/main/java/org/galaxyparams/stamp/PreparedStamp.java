package org.galaxyparams.stamp;

/**
 * A stamp of the model's size ready to be measured, and how it was made.
 *
 * @param pixels row-major size x size counts, sky already subtracted when {@code skySubtracted} is not 0
 * @param x0 column of the stamp's first pixel in the image it was cut from (0 for a ready-cut stamp)
 * @param y0 row of the stamp's first pixel
 * @param centreX galaxy centre in image coordinates (pixel i spans [i, i + 1))
 * @param centreY galaxy centre in image coordinates
 * @param sky the sky level measured on the stamp's border frame
 * @param skySubtracted counts per pixel subtracted (0 when none)
 * @param peak the smoothed peak near the centre and its significance
 * @param skyAround whether the sky was measured in the annulus around the galaxy (else on the stamp's border frame)
 */
public record PreparedStamp(float[] pixels, int size, int x0, int y0, double centreX, double centreY, SkyLevel sky,
                            double skySubtracted, SourceFinder.Peak peak, boolean skyAround) {
    /** Offset in pixels of the galaxy centre from the stamp's centre (StampGeometry's convention). */
    public double offsetX() { return centreX - x0 - size / 2.0; }

    public double offsetY() { return centreY - y0 - size / 2.0; }
}
