package org.galaxyparams.estimate;

import java.util.Locale;

/** Resamples a region of an image onto a stamp of another pixel scale, conserving counts (pure Java, no ImageJ). */
public final class StampResampler {
    private StampResampler() {}

    /**
     * A {@code size} x {@code size} stamp whose pixels are {@code r} image pixels wide, centred on ({@code cx},
     * {@code cy}) (image coordinates, pixel i spanning [i, i+1)): each pixel is the mean of bilinearly interpolated
     * samples over its footprint (an n x n grid of samples when it covers more than one image pixel) times r&sup2;,
     * so counts are conserved.
     */
    public static float[] resample(float[] image, int w, int h, double cx, double cy, int size, double r, String where) {
        double half = size * r / 2;
        if (cx - half < 0 || cy - half < 0 || cx + half > w || cy + half > h || w < 2 || h < 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: the %dx%d stamp the model takes covers %.1fx%.1f pixels of this image; centred on (%.1f, %.1f) it falls"
                            + " outside the %dx%d image: move the ROI away from the edge", where, size, size, 2 * half, 2 * half,
                    cx, cy, w, h));
        }
        int n = r > 1 ? 2 * (int) Math.ceil(r) : 1;
        float[] out = new float[size * size];
        double gain = r * r / (n * n);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double sum = 0;
                for (int b = 0; b < n; b++) {
                    double iy = cy + (y - size / 2.0 + (b + 0.5) / n) * r - 0.5;
                    for (int a = 0; a < n; a++) {
                        double ix = cx + (x - size / 2.0 + (a + 0.5) / n) * r - 0.5;
                        sum += bilinear(image, w, h, ix, iy);
                    }
                }
                double value = sum * gain;
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(where + ": the stamp around (" + Math.round(cx) + ", " + Math.round(cy)
                            + ") has NaN or infinite pixels: the network needs finite pixels; choose another ROI or replace them first"
                            + " (Process>Noise>Remove NaNs...)");
                }
                out[y * size + x] = (float) value;
            }
        }
        return out;
    }

    /** Bilinear interpolation at (x, y) in pixel-index coordinates (pixel centres on integers), clamped to the image. */
    static double bilinear(float[] img, int w, int h, double x, double y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min((int) x, w - 2), y0 = Math.min((int) y, h - 2);
        double fx = x - x0, fy = y - y0;
        int i = y0 * w + x0;
        return (1 - fy) * ((1 - fx) * img[i] + fx * img[i + 1]) + fy * ((1 - fx) * img[i + w] + fx * img[i + w + 1]);
    }

}
