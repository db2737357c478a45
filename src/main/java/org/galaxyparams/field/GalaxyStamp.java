package org.galaxyparams.field;

import java.util.SplittableRandom;

import org.galaxyparams.sim.NoiseModel;

/**
 * A source's stamp cut from a field, its neighbours masked.
 * <p>
 * The stamp is cut so that the source's centre is within half a pixel of the stamp's centre (where the networks
 * saw their galaxies). A pixel is masked when it lies on, or within {@link #GROW} pixels of, another source's footprint
 * (the footprint ends at the detection threshold, a neighbour's wings go further), or is NaN, or saturated. Footprints
 * too faint to be sources are mostly noise peaks, or this galaxy's own wing broken off by noise: they stay. The
 * likelihood leaves masked pixels out; the networks, which need every pixel, see Gaussian noise of the local rms
 * there, from a generator seeded by the field's seed and the source id, so a stamp is the same in any shard.
 *
 * @param pixels background-subtracted counts, masked pixels filled with noise
 * @param masked which pixels are masked (null when none is)
 * @param x0 column of the stamp's first pixel in the field
 * @param y0 row of the stamp's first pixel
 * @param flags {@link FieldFlags} bits found while cutting
 */
public record GalaxyStamp(float[] pixels, boolean[] masked, int size, int x0, int y0, int flags) {
    /** Pixels around another footprint that are masked too. */
    public static final int GROW = 2;

    /**
     * @param raw the field as read (for saturation)
     * @param sub the field minus its background
     * @param saturation counts at which a raw pixel is saturated, NaN for none
     * @return null when the stamp falls off the field
     */
    public static GalaxyStamp cut(float[] raw, float[] sub, SourceDetector.Segmentation seg, int id, double cx, double cy, int size,
                                  BackgroundMap background, double saturation, long seed) {
        int w = seg.width(), h = seg.height();
        int x0 = (int) Math.round(cx - size / 2.0), y0 = (int) Math.round(cy - size / 2.0);
        if (x0 < 0 || y0 < 0 || x0 + size > w || y0 + size > h) return null;
        int[] labels = seg.labels();
        float[] px = new float[size * size];
        boolean[] masked = new boolean[size * size];
        int flags = 0, count = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int i = (y0 + y) * w + x0 + x;
                px[y * size + x] = sub[i];
                int reason = 0;
                if (Float.isNaN(sub[i])) reason = FieldFlags.BAD_PIXELS;
                else if (saturation > 0 && raw[i] >= saturation) reason = FieldFlags.SATURATED;
                else if (nearOther(labels, w, h, x0 + x, y0 + y, id)) reason = FieldFlags.NEIGHBOURS_MASKED;
                if (reason != 0) {
                    masked[y * size + x] = true;
                    flags |= reason;
                    count++;
                }
            }
        if (count == 0) return new GalaxyStamp(px, null, size, x0, y0, flags);
        if (count > size * size / 4) flags |= FieldFlags.CROWDED;
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                if (masked[y * size + x]) px[y * size + x] = (float) (background.rms(x0 + x, y0 + y) * NoiseModel.gaussian(rng));
        return new GalaxyStamp(px, masked, size, x0, y0, flags);
    }

    /** Whether pixel (x, y) is within {@link #GROW} pixels (square) of a footprint other than {@code id}'s, and not on its own. */
    private static boolean nearOther(int[] labels, int w, int h, int x, int y, int id) {
        int own = labels[y * w + x];
        if (own == id) return false;
        for (int yy = Math.max(0, y - GROW); yy <= Math.min(h - 1, y + GROW); yy++)
            for (int xx = Math.max(0, x - GROW); xx <= Math.min(w - 1, x + GROW); xx++) {
                int l = labels[yy * w + xx];
                if (l > 0 && l != id) return true;
            }
        return false;
    }

    /** Offset in pixels of (cx, cy) from the stamp's centre (StampGeometry's convention). */
    public double offsetX(double cx) { return cx - x0 - size / 2.0; }

    public double offsetY(double cy) { return cy - y0 - size / 2.0; }
}
