package org.galaxyparams.sim;


/**
 * The eight symmetries of a square stamp (rotations by multiples of 90 degrees and mirror images), about the
 * stamp centre, where the simulator puts the galaxy. The PSF (Moffat or Gaussian, round) and the square pixel
 * are unchanged by them and the noise is independent per pixel, so a transformed sample is exactly a sample
 * of the transformed galaxy: flux, n and hlr stay; the shear g = g1 + i g2 = |g| exp(2i theta) turns with the
 * major axis angle theta. Mirroring x (theta to -theta) conjugates g: (g1, -g2); swapping x and y (theta to
 * 90 deg - theta) gives -conj(g): (-g1, g2); a quarter turn adds 90 deg: -g. Signs checked against the
 * simulator in the tests.
 */
public enum StampSymmetry {
    IDENTITY(1, 1), ROTATE_180(1, 1), ROTATE_90(-1, -1), ROTATE_270(-1, -1),
    MIRROR_X(1, -1), MIRROR_Y(1, -1), TRANSPOSE(-1, 1), ANTI_TRANSPOSE(-1, 1);

    private final int g1Sign, g2Sign;

    StampSymmetry(int g1Sign, int g2Sign) {
        this.g1Sign = g1Sign;
        this.g2Sign = g2Sign;
    }

    /** The galaxy whose image is this symmetry applied to the image of {@code p}. */
    public GalaxyParams apply(GalaxyParams p) {
        return new GalaxyParams(p.flux(), p.sersicN(), p.hlrArcsec(), g1Sign * p.g1(), g2Sign * p.g2());
    }

    /** A new size x size row-major image: out(x, y) = in(source of (x, y)). */
    public float[] apply(float[] in, int size) {
        if (in == null) return null;
        float[] out = new float[in.length];
        applyInto(in, 0, out, 0, size);
        return out;
    }

    /** The same for the size x size plane of {@code in} at {@code inAt}, written into {@code out} at {@code outAt}. */
    public void applyInto(float[] in, int inAt, float[] out, int outAt, int size) {
        int m = size - 1;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int sx, sy;
                switch (this) {
                    case IDENTITY -> { sx = x; sy = y; }
                    case ROTATE_180 -> { sx = m - x; sy = m - y; }
                    case ROTATE_90 -> { sx = y; sy = m - x; }
                    case ROTATE_270 -> { sx = m - y; sy = x; }
                    case MIRROR_X -> { sx = m - x; sy = y; }
                    case MIRROR_Y -> { sx = x; sy = m - y; }
                    case TRANSPOSE -> { sx = y; sy = x; }
                    default -> { sx = m - y; sy = m - x; } // ANTI_TRANSPOSE
                }
                out[outAt + y * size + x] = in[inAt + sy * size + sx];
            }
    }

    /** The sample as this symmetry maps it: images and labels together (the PSF image is round: kept). */
    public Sample apply(Sample s, int size) {
        if (this == IDENTITY) return s;
        return new Sample(apply(s.params()), s.psfFwhm(), s.sigma(), s.snr(), s.seed(), apply(s.noisy(), size),
                apply(s.noiseless(), size), s.psf());
    }
}
