package org.galaxyparams.io;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.StampGeometry;

/** Random samples with awkward float values (NaN payloads, -0, subnormals, extremes) for exact round trips. */
final class TestSamples {
    static final int SIZE = 16;
    static final StampGeometry GEOMETRY = new StampGeometry(SIZE, 0.1 + 0.13, 0.25, -0.5);

    private TestSamples() {}

    static DatasetInfo info() {
        return new DatasetInfo(GEOMETRY, "MOFFAT", 2.0, "dataset3", "uniform: flux 3e4-4e5 counts, n 0.5-6", -42L,
                "galaxy-params simulate --preset dataset3 --count 5 --out 'my data/data.fits'", "0.1.0-test");
    }

    static List<Sample> samples(int n, boolean truth, boolean noisy, boolean noiseless, boolean psf, boolean psfPerSample) {
        SplittableRandom rng = new SplittableRandom(7);
        float[] shared = image(rng);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GalaxyParams p = truth ? new GalaxyParams(rng.nextDouble(3e4, 4e5), rng.nextDouble(0.5, 6), rng.nextDouble(0.1, 0.6),
                    rng.nextDouble(-0.4, 0.4), rng.nextDouble(-0.4, 0.4)) : null;
            out.add(new Sample(p, rng.nextDouble(0.5, 1.0), rng.nextDouble(200, 400), rng.nextDouble(10, 100), rng.nextLong(),
                    noisy ? image(rng) : null, noiseless ? image(rng) : null,
                    !psf ? null : psfPerSample ? image(rng) : shared));
        }
        return out;
    }

    static float[] image(SplittableRandom rng) {
        float[] a = new float[SIZE * SIZE];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.nextGaussian() * 300;
        a[0] = Float.intBitsToFloat(0x7fc01234); // NaN with a payload
        a[1] = -0.0f;
        a[2] = Float.MIN_VALUE;
        a[3] = Float.MAX_VALUE;
        a[4] = Float.NEGATIVE_INFINITY;
        return a;
    }
}
