package org.galaxyparams.posterior;

import static org.junit.jupiter.api.Assertions.*;

import org.galaxyparams.fit.CramerRaoBound;
import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.sim.UniformPrior;
import org.junit.jupiter.api.Test;

class GalaxyPosteriorTest {
    private static final PosteriorPrior DATASET3 = PosteriorPrior.of((UniformPrior) Preset.DATASET3.prior(),
            SimulationConfig.of(Preset.DATASET3, 1).snrMin(), SimulationConfig.of(Preset.DATASET3, 1).snrMax());

    private static double[] pixels(Sample s) {
        double[] d = new double[s.noisy().length];
        for (int i = 0; i < d.length; i++) d[i] = s.noisy()[i];
        return d;
    }

    /**
     * Simulation-based calibration, an oracle that shares nothing with the sampler: for galaxies drawn from the prior
     * itself, the posterior's 16-84 % interval holds the truth 68 % of the time, whatever the sampler's proposal.
     * 40 galaxies x 5 labels: a binomial standard error of 3.3 %; the band 0.55-0.81 is 4 of them.
     */
    @Test
    void intervalsCoverTheTruthAsOftenAsTheySayForGalaxiesFromThePrior() {
        SimulationConfig config = SimulationConfig.of(Preset.DATASET3, 77);
        SampleFactory factory = new SampleFactory(config.withOutputs(true, false));
        GalaxyPosterior posterior = new GalaxyPosterior(DATASET3);
        int inside = 0, total = 0, galaxies = 0;
        double sumEss = 0;
        for (long c = 0; galaxies < 40; c++) {
            Sample s = factory.make(SampleFactory.candidateSeed(77, c));
            if (s == null) continue;
            galaxies++;
            PosteriorSummary p = posterior.sample(pixels(s), s.sigma(), config.psf(s.psfFwhm()), config.geometry(), s.params(), c, () -> false);
            assertTrue(p.ok(), p.message());
            sumEss += p.ess();
            double[] t = s.params().toArray();
            for (int k = 0; k < 5; k++) {
                total++;
                if (t[k] >= p.p16()[k] && t[k] <= p.p84()[k]) inside++;
            }
        }
        double coverage = (double) inside / total;
        assertTrue(coverage > 0.55 && coverage < 0.81, "coverage " + coverage);
        assertTrue(sumEss / galaxies > 100, "mean ESS " + sumEss / galaxies);
    }

    /**
     * A known answer: at SNR 1,000 (sigma 12 instead of the SNR 60 set's 200) every label is measured far inside the
     * prior box, so the posterior is the Gaussian of the Fisher matrix (Bernstein-von Mises): its standard deviations
     * are the Cramer-Rao bounds (within 15 %), and the means of 10 noise realisations scatter about the truth by them.
     */
    @Test
    void whereTheDataDominateThePosteriorIsTheFisherGaussian() {
        FixedGalaxyPrior fixed = (FixedGalaxyPrior) Preset.SNR60.prior();
        GalaxyParams truth = fixed.params();
        double sigma = 12;
        SimulationConfig config = SimulationConfig.of(Preset.SNR60, 5);
        double[] crb = CramerRaoBound.at(truth, config.psf(fixed.psfFwhm()), StampGeometry.DEFAULT, sigma).standardDeviations();
        PosteriorPrior wide = new PosteriorPrior(DATASET3.fluxMin(), DATASET3.fluxMax(), DATASET3.nMin(), DATASET3.nMax(), DATASET3.hlrMin(),
                DATASET3.hlrMax(), DATASET3.shearMax(), 10, 1e5);
        SampleFactory factory = new SampleFactory(config.withOutputs(true, false));
        GalaxyPosterior posterior = new GalaxyPosterior(wide);
        double chi2 = 0;
        for (int i = 0; i < 10; i++) {
            Sample s = factory.render(truth, fixed.psfFwhm(), sigma, 1000 + i);
            PosteriorSummary p = posterior.sample(pixels(s), sigma, config.psf(s.psfFwhm()), config.geometry(), truth, i, () -> false);
            assertTrue(p.ok() && p.message().isEmpty(), p.message());
            for (int k = 0; k < 5; k++) {
                assertEquals(crb[k], p.std()[k], 0.15 * crb[k], "label " + k + " realisation " + i);
                double z = (p.mean()[k] - truth.toArray()[k]) / crb[k];
                chi2 += z * z;
            }
        }
        // 50 squared standard normals: below 86.7 with probability 0.999
        assertTrue(chi2 < 86.7, "chi2 " + chi2);
    }

    /** Past its time limit a posterior summarises the draws it has (one batch here) and says so unless they suffice. */
    @Test
    void aPosteriorPastItsTimeLimitSummarisesWhatItHas() {
        SimulationConfig config = SimulationConfig.of(Preset.DATASET3, 21);
        SampleFactory factory = new SampleFactory(config.withOutputs(true, false));
        Sample s = null;
        for (long c = 0; s == null; c++) s = factory.make(SampleFactory.candidateSeed(21, c));
        GalaxyParams off = new GalaxyParams(s.params().flux() * 1.2, s.params().sersicN(), s.params().hlrArcsec(), 0, 0);
        PosteriorSummary p = new GalaxyPosterior(DATASET3).withTimeLimit(1e-6)
                .sample(pixels(s), s.sigma(), config.psf(s.psfFwhm()), config.geometry(), off, 1, () -> false);
        assertEquals(GalaxyPosterior.BATCH, p.draws(), "no adaptation and no more batches after the limit");
        assertTrue(p.ess() >= GalaxyPosterior.TARGET_ESS || p.message().contains("time limit"), p.message());
    }

    /**
     * The Fisher matrix a fit hands over is the one the posterior would compute: the same seed gives the same summary
     * (to the rounding of the start's round trip through the shear's change of variables).
     */
    @Test
    void aFisherMatrixGivenAtTheStartGivesTheSameSummary() {
        SimulationConfig config = SimulationConfig.of(Preset.DATASET3, 31);
        SampleFactory factory = new SampleFactory(config.withOutputs(true, false));
        Sample s = null;
        for (long c = 0; s == null; c++) s = factory.make(SampleFactory.candidateSeed(31, c));
        double[] px = pixels(s);
        double[][] fisher = CramerRaoBound.at(s.params(), config.psf(s.psfFwhm()), config.geometry(), s.sigma(), px).fisher();
        GalaxyPosterior posterior = new GalaxyPosterior(DATASET3);
        PosteriorSummary computed = posterior.sample(px, s.sigma(), config.psf(s.psfFwhm()), config.geometry(), s.params(), 5, () -> false);
        PosteriorSummary given = posterior.sample(px, s.sigma(), config.psf(s.psfFwhm()), config.geometry(), s.params(), fisher, 5, () -> false);
        for (int k = 0; k < 5; k++) {
            assertEquals(computed.mean()[k], given.mean()[k], 1e-9 * Math.abs(computed.mean()[k]), "mean " + k);
            assertEquals(computed.std()[k], given.std()[k], 1e-7 * computed.std()[k], "std " + k);
        }
        assertEquals(computed.draws(), given.draws());
    }
}
