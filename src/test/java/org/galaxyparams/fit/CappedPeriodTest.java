package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.NoiseModel;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

/** The posterior's short FFT period with the wrap correction: exact at its point, close nearby, refused when not. */
class CappedPeriodTest {
    /** A high-n, extended galaxy: GalSim's folding rule asks for a period far beyond 128 pixels. */
    private static final GalaxyParams AT = new GalaxyParams(2e5, 5.5, 0.5, 0.1, -0.1);
    private static final PsfModel PSF = PsfModel.moffat(2, 0.7);

    private static double[] data() {
        double[] m = new GalaxyRenderer().render(AT, PSF, StampGeometry.DEFAULT);
        float[] n = NoiseModel.addNoise(m, 300, new SplittableRandom(2));
        double[] d = new double[n.length];
        for (int i = 0; i < d.length; i++) d[i] = n[i];
        return d;
    }

    @Test
    void exactAtItsPointAndCloseNearby() {
        double[] data = data();
        PoissonGaussianLikelihood full = new PoissonGaussianLikelihood(data, 300, PSF, StampGeometry.DEFAULT);
        PoissonGaussianLikelihood capped = new PoissonGaussianLikelihood(data, 300, PSF, StampGeometry.DEFAULT);
        full.fixGridFor(AT);
        capped.fixGridFor(AT);
        assertTrue(full.grid().fftSize() > 128, "the test galaxy needs a long period: " + full.grid());
        capped.capPeriod(AT, 128);
        assertEquals(128, capped.grid().fftSize());
        assertEquals(full.value(AT, null), capped.value(AT, null), 1e-9);
        // a few percent away in every label the light that wraps hardly changes: the likelihood stays within 0.02
        GalaxyParams near = new GalaxyParams(2.04e5, 5.3, 0.49, 0.11, -0.09);
        assertEquals(full.value(near, null), capped.value(near, null), 0.02);
        assertThrows(IllegalStateException.class, () -> capped.value(near, new double[5]), "no gradient on a capped period");
    }

    @Test
    void refusedWhenItMissesTheCheckPoints() {
        double[] data = data();
        PoissonGaussianLikelihood l = new PoissonGaussianLikelihood(data, 300, PSF, StampGeometry.DEFAULT);
        l.fixGridFor(AT);
        int period = l.grid().fftSize();
        // a point far off (n 3 instead of 5.5) with no tolerance: the cap is undone and the full period kept
        assertFalse(l.capPeriod(AT, 128, List.of(new GalaxyParams(2e5, 3.0, 0.3, 0, 0)), 0));
        assertEquals(period, l.grid().fftSize());
        double[] g = new double[5];
        l.value(AT, g); // the full period still has its gradient
        assertTrue(Double.isFinite(g[0]));
    }
}
