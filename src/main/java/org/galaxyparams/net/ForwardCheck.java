package org.galaxyparams.net;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks PyTorch's forward pass against {@link PlainForward}, which shares no code with it. PyTorch picks
 * its convolution kernels by CPU, thread count and batch size; on some CPUs some of them have computed the
 * denoisers wrongly (NaN, or answers that change with the thread count). A network is used through PyTorch
 * only while it agrees with the plain-Java pass: on a probe batch when first used, and on one item of every
 * batch after that.
 */
public final class ForwardCheck {
    /**
     * Allowed difference, relative to the largest output magnitude of the item. Float32 rounding in another
     * summation order gives about 1e-6 here (measured: 4e-7 for the shipped denoisers); a wrong kernel gives
     * differences of order one.
     */
    static final double RELATIVE_TOLERANCE = 2e-4;
    /** Probe batch size: 17 reaches the kernels PyTorch keeps for batches of 16 and more. */
    static final int PROBE_BATCH = 17;

    private ForwardCheck() {}

    /**
     * Null when {@code actual} (one item's outputs) matches {@code reference} within tolerance, else a
     * sentence saying how far off it is.
     */
    public static String mismatch(float[] actual, int offset, float[] reference) {
        double scale = 0, worst = 0;
        int at = -1;
        for (float v : reference) if (Float.isFinite(v)) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < reference.length; i++) {
            double a = actual[offset + i];
            // where the reference itself is not finite (an input beyond float range), only agreement on that counts
            double d = !Float.isFinite(reference[i]) ? (Double.isFinite(a) ? Double.POSITIVE_INFINITY : 0)
                    : Double.isFinite(a) ? Math.abs(a - reference[i]) : Double.POSITIVE_INFINITY;
            if (d > worst || at < 0) {
                worst = d;
                at = i;
            }
        }
        if (worst <= RELATIVE_TOLERANCE * scale + 1e-6) return null;
        return String.format(Locale.ROOT, "output %d is %s where the plain-Java reference gives %.6g (largest output %.4g)",
                at, Float.toString(actual[offset + at]), reference[at], scale);
    }

    /** Whether {@code count} values from {@code offset} are all finite. */
    public static boolean allFinite(float[] v, int offset, int count) {
        for (int i = offset; i < offset + count; i++) if (!Float.isFinite(v[i])) return false;
        return true;
    }

    /**
     * Probe inputs for a network with this encoding: round galaxies of several sizes and brightnesses with
     * seeded Gaussian noise, over the PSF and sigma ranges of the shipped models. NCHW, {@code n} items.
     */
    public static float[] probeInputs(InputEncoding enc, int n) {
        int s = enc.stampSize();
        float[] out = new float[n * enc.channels() * s * s];
        SplittableRandom rnd = new SplittableRandom(20261129L);
        float[] image = new float[s * s];
        float[] smooth = enc.denoisedPlane() ? new float[s * s] : null; // stands in for a denoiser's output
        for (int i = 0; i < n; i++) {
            double sigma = 200 + 200.0 * i / Math.max(1, n - 1);
            double psf = 0.5 + 0.5 * ((i * 7) % n) / Math.max(1, n - 1);
            double width = 1.5 + 4.0 * ((i * 5) % n) / n; // pixels
            double peak = sigma * (3 + 40.0 * ((i * 3) % n) / n);
            double cx = (s - 1) / 2.0 + (i % 3 - 1) * 0.4, cy = (s - 1) / 2.0 + (i % 5 - 2) * 0.3;
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++) {
                    double r2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (width * width);
                    image[y * s + x] = (float) (peak * Math.exp(-0.5 * r2) + sigma * rnd.nextGaussian());
                    if (smooth != null) smooth[y * s + x] = (float) (peak * Math.exp(-0.5 * r2));
                }
            enc.encode(image, smooth, psf, sigma, out, i);
        }
        return out;
    }
}
