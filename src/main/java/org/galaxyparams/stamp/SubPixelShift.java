package org.galaxyparams.stamp;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Moves a stamp's content by a fraction of a pixel: multiplies its discrete Fourier transform by the phase ramp
 * exp(-2 pi i (kx dx + ky dy) / N) and transforms back. The transform is unitary, so white noise stays white with
 * the same variance (no interpolation kernel smooths it), and a band-limited image moves exactly; the stamp wraps
 * around its edges, which for a galaxy in the middle of a sky-subtracted stamp only moves noise. At the Nyquist
 * frequency the ramp is not defined for a real image; taking the real part of the result uses its symmetric half.
 */
public final class SubPixelShift {
    /** One transform plan per stamp size and thread (a plan costs more to make than a 64 x 64 transform). */
    private static final ThreadLocal<java.util.Map<Integer, DoubleFFT_2D>> PLANS = ThreadLocal.withInitial(java.util.HashMap::new);

    private SubPixelShift() {}

    /**
     * The square stamp moved by (dx, dy) pixels (positive moves the content to larger x, y).
     *
     * @param pixels row-major, size x size
     */
    public static float[] shift(float[] pixels, int size, double dx, double dy) {
        double[] a = new double[2 * size * size];
        for (int i = 0; i < pixels.length; i++) a[i] = pixels[i];
        DoubleFFT_2D fft = PLANS.get().computeIfAbsent(size, n -> new DoubleFFT_2D(n, n));
        fft.realForwardFull(a);
        for (int y = 0; y < size; y++) {
            int ky = y <= size / 2 ? y : y - size;
            for (int x = 0; x < size; x++) {
                int kx = x <= size / 2 ? x : x - size;
                double phase = -2 * Math.PI * (kx * dx + ky * dy) / size;
                double c = Math.cos(phase), s = Math.sin(phase);
                int i = 2 * (y * size + x);
                double re = a[i], im = a[i + 1];
                a[i] = re * c - im * s;
                a[i + 1] = re * s + im * c;
            }
        }
        fft.complexInverse(a, true);
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) a[2 * i];
        return out;
    }
}
