package org.galaxyparams.field;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Finds and deblends the sources of a background-subtracted field.
 * <ol>
 * <li><b>Matched filter.</b> The image is smoothed with a normalised Gaussian about the PSF's size and divided by the
 * noise of that sum, rms sqrt(sum k^2), so each pixel holds a significance in sigmas (for a point source the
 * Gaussian is close to the optimal filter). NaN pixels count as 0 and never join a footprint.</li>
 * <li><b>Footprints and deblending in one pass</b>, a flood from the top: pixels above {@code threshold} are visited
 * in order of decreasing significance; a pixel with no visited neighbour starts a basin (a local peak), one touching
 * a single basin joins it, and one where basins meet is their saddle. There each lower basin is kept as a source of
 * its own only if its peak rises above the saddle by {@code deblendSigma} sigmas and by {@code deblendContrast} of
 * the highest peak there, and it already has {@code minArea} pixels; otherwise it joins the highest one (a noise
 * bump or a galaxy's own structure). This is the watershed with a prominence criterion; SExtractor reaches the same
 * kind of split with its multi-threshold tree.</li>
 * <li>A basin is a source when its peak reaches {@code detection} sigmas and it has {@code minArea} pixels.</li>
 * </ol>
 * The order of visits is total (significance, then index), so the result does not depend on anything but the pixels.
 */
public final class SourceDetector {
    /** Segmentation map value of a pixel in a footprint too faint or small to be a source (still someone's light). */
    public static final int FAINT = -1;

    /**
     * @param labels row-major: 0 background, a source's id on its footprint, {@link #FAINT} on a sub-threshold footprint
     * @param sources in id order
     */
    public record Segmentation(int width, int height, int[] labels, List<DetectedSource> sources) {}

    private SourceDetector() {}

    /**
     * @param image background-subtracted counts, row-major
     * @param background the noise map (its levels are not used: already subtracted)
     * @param kernelSigma standard deviation in pixels of the smoothing Gaussian
     * @return null when cancelled
     */
    public static Segmentation detect(float[] image, int width, int height, BackgroundMap background, double kernelSigma,
                                      DetectionSettings settings, BooleanSupplier cancelled) {
        float[] significance = significance(image, width, height, background, kernelSigma);
        if (cancelled.getAsBoolean()) return null;
        return flood(significance, image, width, height, settings);
    }

    /** The matched-filtered image in sigmas (NaN where the pixel is NaN). */
    static float[] significance(float[] image, int width, int height, BackgroundMap background, double kernelSigma) {
        int half = (int) Math.ceil(3 * kernelSigma);
        double[] k = new double[2 * half + 1];
        double sum = 0;
        for (int i = -half; i <= half; i++) sum += k[i + half] = Math.exp(-0.5 * i * i / (kernelSigma * kernelSigma));
        double sumK2 = 0;
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        for (double a : k) for (double b : k) sumK2 += a * a * b * b;
        double norm = Math.sqrt(sumK2);
        // separable: rows, then columns; beyond the edge the image counts as 0 (as a NaN pixel does)
        float[] rows = new float[image.length];
        for (int y = 0; y < height; y++) {
            int o = y * width;
            for (int x = 0; x < width; x++) {
                double s = 0;
                for (int i = Math.max(-half, -x); i <= Math.min(half, width - 1 - x); i++) {
                    float v = image[o + x + i];
                    if (v == v) s += k[i + half] * v;
                }
                rows[o + x] = (float) s;
            }
        }
        float[] out = new float[image.length];
        double[] rmsRow = new double[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) rmsRow[x] = background.rms(x, y) * norm;
            for (int x = 0; x < width; x++) {
                if (Float.isNaN(image[y * width + x])) {
                    out[y * width + x] = Float.NaN;
                    continue;
                }
                double s = 0;
                for (int i = Math.max(-half, -y); i <= Math.min(half, height - 1 - y); i++) s += k[i + half] * rows[(y + i) * width + x];
                out[y * width + x] = (float) (s / rmsRow[x]);
            }
        }
        return out;
    }

    static Segmentation flood(float[] sig, float[] image, int width, int height, DetectionSettings settings) {
        float threshold = (float) settings.threshold();
        int n = 0;
        for (float v : sig) if (v >= threshold) n++;
        // visit order: significance descending, then index ascending; positive floats sort as their bit patterns
        long[] keys = new long[n];
        n = 0;
        for (int i = 0; i < sig.length; i++)
            if (sig[i] >= threshold) keys[n++] = ((long) Float.floatToIntBits(sig[i]) << 32) | (0xffffffffL - i);
        Arrays.sort(keys);

        int[] basin = new int[sig.length];
        Arrays.fill(basin, -1);
        Basins b = new Basins();
        int[] touching = new int[8];
        for (int q = n - 1; q >= 0; q--) {
            int p = (int) (0xffffffffL - (keys[q] & 0xffffffffL));
            float level = sig[p];
            int x = p % width, y = p / width, t = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if ((dx == 0 && dy == 0) || xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
                    int nb = basin[yy * width + xx];
                    if (nb < 0) continue;
                    int r = b.find(nb);
                    boolean seen = false;
                    for (int i = 0; i < t; i++) seen |= touching[i] == r;
                    if (!seen) touching[t++] = r;
                }
            if (t == 0) {
                basin[p] = b.add(level, p);
                continue;
            }
            // the highest peak among the touching basins keeps the pixel; the others are tested for prominence
            int top = touching[0];
            for (int i = 1; i < t; i++) if (b.higher(touching[i], top)) top = touching[i];
            for (int i = 0; i < t; i++) {
                int r = touching[i];
                if (r == top) continue;
                double prominence = b.peak[r] - level;
                boolean separate = prominence >= settings.deblendSigma() && prominence >= settings.deblendContrast() * b.peak[top]
                        && b.area[r] >= settings.minArea();
                if (separate) {
                    b.blended[r] = true;
                    b.blended[top] = true;
                } else {
                    b.merge(r, top);
                }
            }
            top = b.find(top);
            basin[p] = top;
            b.area[top]++;
        }

        // roots that qualify become sources, numbered by decreasing peak (the visit order of their peaks)
        int[] sourceOf = new int[b.count];
        Arrays.fill(sourceOf, FAINT);
        List<DetectedSource> sources = new ArrayList<>();
        for (int q = n - 1; q >= 0; q--) {
            int p = (int) (0xffffffffL - (keys[q] & 0xffffffffL));
            int r = basin[p];
            if (r < 0 || b.parent[r] != r || b.peakIndex[r] != p) continue; // p is the peak of a surviving basin
            if (b.peak[r] >= settings.detection() && b.area[r] >= settings.minArea()) {
                sourceOf[r] = sources.size() + 1;
                sources.add(new DetectedSource(sources.size() + 1, p % width, p / width, b.peak[r], b.area[r], false));
            }
        }
        int[] labels = new int[sig.length];
        for (int p = 0; p < labels.length; p++) labels[p] = basin[p] < 0 ? 0 : sourceOf[b.find(basin[p])];
        // a source is blended when its footprint touches another source's
        boolean[] touches = new boolean[sources.size() + 1];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) {
                int l = labels[y * width + x];
                if (l <= 0) continue;
                if (x + 1 < width) touch(l, labels[y * width + x + 1], touches);
                if (y + 1 < height) {
                    for (int dx = -1; dx <= 1; dx++)
                        if (x + dx >= 0 && x + dx < width) touch(l, labels[(y + 1) * width + x + dx], touches);
                }
            }
        List<DetectedSource> out = new ArrayList<>(sources.size());
        for (DetectedSource s : sources)
            out.add(new DetectedSource(s.id(), s.peakX(), s.peakY(), s.significance(), s.area(), touches[s.id()]));
        return new Segmentation(width, height, labels, List.copyOf(out));
    }

    private static void touch(int a, int b, boolean[] touches) {
        if (b > 0 && b != a) {
            touches[a] = true;
            touches[b] = true;
        }
    }

    /** Union-find over basins, each with its peak, the peak's pixel, its area and whether it met a separate basin. */
    private static final class Basins {
        int count;
        int[] parent = new int[1024], peakIndex = new int[1024], area = new int[1024];
        float[] peak = new float[1024];
        boolean[] blended = new boolean[1024];

        int add(float level, int pixel) {
            if (count == parent.length) {
                int m = count * 2;
                parent = Arrays.copyOf(parent, m);
                peakIndex = Arrays.copyOf(peakIndex, m);
                area = Arrays.copyOf(area, m);
                peak = Arrays.copyOf(peak, m);
                blended = Arrays.copyOf(blended, m);
            }
            parent[count] = count;
            peak[count] = level;
            peakIndex[count] = pixel;
            area[count] = 1;
            return count++;
        }

        int find(int a) {
            while (parent[a] != a) {
                parent[a] = parent[parent[a]];
                a = parent[a];
            }
            return a;
        }

        /** Whether basin a's peak comes before b's in the visit order. */
        boolean higher(int a, int b) {
            return peak[a] > peak[b] || (peak[a] == peak[b] && peakIndex[a] < peakIndex[b]);
        }

        /** Basin r joins root top (top keeps its peak). */
        void merge(int r, int top) {
            parent[r] = top;
            area[top] += area[r];
            blended[top] |= blended[r];
        }
    }
}
