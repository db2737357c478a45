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

    private static double[] data() { return data(AT); }

    private static double[] data(GalaxyParams p) {
        double[] m = new GalaxyRenderer().render(p, PSF, StampGeometry.DEFAULT);
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
        // capping again starts from the full period, not from the capped one
        assertEquals(96, capped.capPeriod(AT, new int[] {96}, List.of(), 0));
        assertEquals(full.value(AT, null), capped.value(AT, null), 1e-9);
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

    /**
     * The posterior's use: the shortest of several periods whose correction, linear in the parameters over ten check
     * points one Cramer-Rao error either side of the fit, holds the likelihood there. At a point off the checks (0.7
     * errors in every label at once) the capped likelihood is still within the tolerance, and the linear term does
     * better than a constant correction on the same period.
     */
    @Test
    void theLinearCorrectionHoldsAShortPeriodNearTheFit() {
        GalaxyParams bright = new GalaxyParams(1.5e6, AT.sersicN(), AT.hlrArcsec(), AT.g1(), AT.g2()); // SNR about 300
        double[] data = data(bright);
        double[] sd = CramerRaoBound.at(bright, PSF, StampGeometry.DEFAULT, 300).standardDeviations();
        double[] at = bright.toArray();
        java.util.List<GalaxyParams> checks = new java.util.ArrayList<>();
        for (int k = 0; k < 5; k++)
            for (int sign = -1; sign <= 1; sign += 2) {
                double[] v = at.clone();
                v[k] += sign * sd[k];
                checks.add(GalaxyParams.of(v));
            }
        double[] off = at.clone();
        for (int k = 0; k < 5; k++) off[k] += (k % 2 == 0 ? 0.7 : -0.7) * sd[k];
        GalaxyParams near = GalaxyParams.of(off);

        PoissonGaussianLikelihood full = new PoissonGaussianLikelihood(data, 300, PSF, StampGeometry.DEFAULT);
        full.fixGridFor(bright);
        double exact = full.value(near, null);
        PoissonGaussianLikelihood linear = new PoissonGaussianLikelihood(data, 300, PSF, StampGeometry.DEFAULT);
        int period = linear.capPeriod(bright, new int[] {64, 96, 128}, checks, 0.02);
        assertTrue(period > 0 && period < full.grid().fftSize(), "capped to " + period + " from " + full.grid().fftSize());
        assertEquals(period, linear.grid().fftSize());
        double linearError = Math.abs(linear.value(near, null) - exact);
        assertEquals(full.value(bright, null), linear.value(bright, null), 1e-9, "exact at the fit");

        PoissonGaussianLikelihood constant = new PoissonGaussianLikelihood(data, 300, PSF, StampGeometry.DEFAULT);
        constant.capPeriod(bright, period); // no checks: the correction at the fit alone
        double constantError = Math.abs(constant.value(near, null) - exact);
        System.out.printf("period %d (GalSim %d): NLL error off the checks %.2g linear, %.2g constant%n", period, full.grid().fftSize(),
                linearError, constantError);
        assertTrue(linearError <= 0.02, "linear correction off the checks: " + linearError);
        assertTrue(linearError < 0.5 * constantError, "linear " + linearError + " against constant " + constantError);
    }
}
