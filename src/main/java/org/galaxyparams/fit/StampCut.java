package org.galaxyparams.fit;

import java.util.Arrays;
import org.galaxyparams.sim.StampGeometry;

/**
 * A square stamp cut from a larger image around a galaxy centre, with the geometry that places the model's
 * centre on that point (the sub-pixel remainder becomes the stamp's offset).
 *
 * @param pixels row-major size*size
 * @param x0 column of the stamp's first pixel in the image
 * @param y0 row of the stamp's first pixel in the image
 */
public record StampCut(double[] pixels, int x0, int y0, StampGeometry geometry) {

    /**
     * @param centreX galaxy centre in image pixel coordinates where pixel i spans [i, i+1) (ImageJ's convention)
     * @throws IllegalArgumentException if the stamp does not lie inside the image, or the image has NaN there
     */
    public static StampCut around(float[] image, int width, int height, double centreX, double centreY, int size,
                                  double pixelScale) {
        int x0 = (int) Math.round(centreX - size / 2.0), y0 = (int) Math.round(centreY - size / 2.0);
        if (x0 < 0 || y0 < 0 || x0 + size > width || y0 + size > height) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a %dx%d stamp centred on (%.1f, %.1f) falls outside the %dx%d image: move the ROI away from the edge or choose a smaller stamp size",
                    size, size, centreX, centreY, width, height));
        }
        double[] px = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float v = image[(y0 + y) * width + x0 + x];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("pixel (" + (x0 + x) + ", " + (y0 + y) + ") is " + v
                            + ": the fit needs finite pixels; choose another ROI or replace them first");
                }
                px[y * size + x] = v;
            }
        }
        // stamp coordinates put pixel centres on integers: image coordinate X is stamp coordinate X - 0.5 - x0
        double offX = centreX - 0.5 - x0 - (size - 1) / 2.0, offY = centreY - 0.5 - y0 - (size - 1) / 2.0;
        return new StampCut(px, x0, y0, new StampGeometry(size, pixelScale, offX, offY));
    }

    /** Noise sigma from the pixels within {@code width} of the stamp's edge: 1.4826 x median absolute deviation. */
    public static double borderSigma(double[] stamp, int size, int width) {
        double[] v = new double[size * size];
        int n = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (x < width || y < width || x >= size - width || y >= size - width) v[n++] = stamp[y * size + x];
            }
        }
        double[] b = Arrays.copyOf(v, n);
        double med = median(b);
        for (int i = 0; i < n; i++) b[i] = Math.abs(b[i] - med);
        return 1.4826 * median(b);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
