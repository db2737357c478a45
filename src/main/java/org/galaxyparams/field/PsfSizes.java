package org.galaxyparams.field;

import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * The size T (see {@link SourceShape}) a point source has, from the PSF drawn with the pixel response: what a star
 * measures, noise aside. The weighted moments of an undersampled PSF depend on where its centre falls in the pixel,
 * so T is tabulated at 4 x 4 sub-pixel positions and the nearest is used.
 */
public final class PsfSizes {
    private static final int STAMP = 32, STEPS = 4;
    private final double[] table = new double[STEPS * STEPS];

    /**
     * @param scale arcsec per pixel
     * @param window w in pixels of the weighted moments
     */
    public PsfSizes(PsfModel psf, double scale, double window) {
        GalaxyRenderer renderer = new GalaxyRenderer();
        for (int j = 0; j < STEPS; j++)
            for (int i = 0; i < STEPS; i++) {
                double ox = offset(i), oy = offset(j);
                double[] img = renderer.renderPsf(psf, new StampGeometry(STAMP, scale, ox, oy));
                float[] f = new float[img.length];
                for (int k = 0; k < f.length; k++) f[k] = (float) img[k];
                // the PSF's centre in image coordinates: the stamp's centre plus the offset
                table[j * STEPS + i] = SourceShape.size(f, null, STAMP, STAMP, 0, STAMP / 2.0 + ox, STAMP / 2.0 + oy, window, 0)[0];
            }
    }

    /** T of a point source centred at (x, y), image coordinates. */
    public double at(double x, double y) {
        return table[index(y) * STEPS + index(x)];
    }

    /** Sub-pixel position i of the table: -0.375, -0.125, 0.125, 0.375 pixels from a pixel corner's... centre. */
    private static double offset(int i) { return (i + 0.5) / STEPS - 0.5; }

    /**
     * The table position nearest to coordinate u. A stamp's centre sits on a pixel corner (StampGeometry), so the
     * PSF at offset o has its centre at corner + o; u's distance from the nearest corner is what matters.
     */
    private static int index(double u) {
        double f = u - Math.rint(u); // in [-0.5, 0.5]
        int i = (int) Math.floor((f + 0.5) * STEPS);
        return Math.max(0, Math.min(STEPS - 1, i));
    }
}
