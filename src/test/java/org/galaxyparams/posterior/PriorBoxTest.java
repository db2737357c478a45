package org.galaxyparams.posterior;

import static org.junit.jupiter.api.Assertions.*;

import org.galaxyparams.fit.MaximumLikelihoodFitter;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.sim.UniformPrior;
import org.junit.jupiter.api.Test;

class PriorBoxTest {
    private static final PosteriorPrior CARD = PosteriorPrior.of((UniformPrior) Preset.DATASET3.prior(), 10, 100);

    @Test
    void parsesNormalisesAndKeepsTheCardsOtherRanges() {
        PriorBox b = PriorBox.parse(" n=1:4 , hlr=0.1:0.30, snr=0:inf ");
        assertEquals("sersic_n=1:4,hlr=0.1:0.3,snr=0:inf", b.text());
        PosteriorPrior p = b.applyTo(CARD);
        assertEquals(1, p.nMin());
        assertEquals(4, p.nMax());
        assertEquals(0.3, p.hlrMax());
        assertEquals(Double.POSITIVE_INFINITY, p.snrMax());
        assertEquals(CARD.fluxMin(), p.fluxMin());
        assertEquals(CARD.shearMax(), p.shearMax());
        assertTrue(PriorBox.parse("").isEmpty());
    }

    @Test
    void mistakesNameTheEntryAndTheForm() {
        for (String bad : new String[] {"n=4:1", "sersic_n=0.1:4", "g=1.2", "flux=-5:10", "hlr=0.1", "colour=1:2", "n=1:2,n=2:3", "hlr"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PriorBox.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("prior box entry"), e.getMessage());
        }
    }

    /**
     * A known answer: a flux box 1,000 counts wide around the truth, far narrower than the likelihood (Cramer-Rao
     * bound 5,650 at sigma 200), makes the posterior of the flux nearly uniform on the box: mean at its middle
     * (within the likelihood's tilt over the box, ~1,000^2 / (12 x 5,650) ~ 15 counts, plus sampling noise) and
     * standard deviation 1,000 / sqrt(12) = 289 (within 10 %); the other labels are left to the card's prior.
     */
    @Test
    void aNarrowBoxMakesThePosteriorUniformOnIt() {
        FixedGalaxyPrior fixed = (FixedGalaxyPrior) Preset.SNR60.prior();
        GalaxyParams truth = fixed.params();
        SimulationConfig config = SimulationConfig.of(Preset.SNR60, 5);
        Sample s = new SampleFactory(config.withOutputs(true, false)).render(truth, fixed.psfFwhm(), 200, 31);
        double[] px = new double[s.noisy().length];
        for (int i = 0; i < px.length; i++) px[i] = s.noisy()[i];
        FitResult fit = new MaximumLikelihoodFitter().fit(px, 200, config.psf(fixed.psfFwhm()), StampGeometry.DEFAULT, truth, () -> false);
        double mid = fit.estimate().flux();
        PriorBox box = PriorBox.parse(String.format(java.util.Locale.ROOT, "flux=%.0f:%.0f", mid - 500, mid + 500));
        PosteriorSummary p = new GalaxyPosterior(box.applyTo(CARD)).sample(px, 200, config.psf(fixed.psfFwhm()), StampGeometry.DEFAULT,
                fit.estimate(), 3, () -> false);
        assertTrue(p.ok(), p.message());
        assertTrue(p.mean()[0] > mid - 500 && p.mean()[0] < mid + 500);
        assertEquals(Math.round(mid - 500) + 500, p.mean()[0], 60, "mean at the box's middle");
        assertEquals(1000 / Math.sqrt(12), p.std()[0], 0.1 * 1000 / Math.sqrt(12), "uniform on the box");
        assertTrue(p.p16()[0] >= mid - 501 && p.p84()[0] <= mid + 501);
    }
}
