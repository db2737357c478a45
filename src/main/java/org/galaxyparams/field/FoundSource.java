package org.galaxyparams.field;

/**
 * A detected source with its centre, size and class.
 *
 * @param detection what the detector found (id, filtered peak, footprint)
 * @param shape weighted-moment centre and size
 * @param psfSize the size T a point source would have at this centre, pixels^2
 * @param star whether the source's size is consistent with a point source's ({@link FieldSources#STAR_SIGMAS})
 */
public record FoundSource(DetectedSource detection, SourceShape shape, double psfSize, boolean star) {
    public int id() { return detection.id(); }

    /** Size excess over a point source in noise sigmas. */
    public double sizeSignificance() { return (shape.size() - psfSize) / shape.sizeError(); }
}
