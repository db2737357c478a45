package org.galaxyparams.app;

/**
 * A galaxy to measure in an open image.
 *
 * @param slice 1-based slice
 * @param roi ROI name, or null for a whole slice
 * @param x ROI centroid in image pixels (pixel i spans [i, i + 1))
 * @param y the same along y
 * @param radius how far from (x, y) the galaxy may be, pixels (half the ROI's smaller side)
 * @param error why this target cannot be measured (a ROI on a missing slice...), or null
 */
public record Target(int slice, String roi, double x, double y, double radius, String error) {
    /** Where a target is, in messages. */
    public String where() { return roi != null ? roi : "slice " + slice; }
}
