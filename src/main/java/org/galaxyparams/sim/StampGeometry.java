package org.galaxyparams.sim;

/**
 * A square stamp: size in pixels, pixel scale in arcsec/pixel, and the sub-pixel offset (pixels) of the
 * profile centre from the stamp's true centre (for an even size the corner shared by the four central pixels).
 */
public record StampGeometry(int size, double pixelScale, double offsetX, double offsetY) {
    public static final StampGeometry DEFAULT = new StampGeometry(64, 0.23, 0, 0);

    public StampGeometry {
        if (size < 8 || size > 1024) throw new IllegalArgumentException("stamp size must be 8-1024 pixels, got " + size);
        if (!(pixelScale > 0) || !Double.isFinite(pixelScale)) {
            throw new IllegalArgumentException("pixel scale must be > 0 arcsec/pixel, got " + pixelScale);
        }
        if (!Double.isFinite(offsetX) || !Double.isFinite(offsetY)) throw new IllegalArgumentException("offset must be finite");
    }

    public StampGeometry(int size, double pixelScale) { this(size, pixelScale, 0, 0); }

    /** x of the profile centre in 0-based pixel coordinates (pixel i spans i-0.5..i+0.5). */
    public double centreX() { return (size - 1) / 2.0 + offsetX; }

    public double centreY() { return (size - 1) / 2.0 + offsetY; }
}
