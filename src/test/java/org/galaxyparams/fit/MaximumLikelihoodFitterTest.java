package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

class MaximumLikelihoodFitterTest {

    /**
     * On a noise-free stamp the likelihood's maximum sits at the truth up to the small pull of the variance
     * term (about 1 % of the Cramer-Rao bound here), so the fit must land within 0.1 CRB of every parameter.
     */
    @Test
    void noiseFreeStampsAreFittedToTheirTruth() {
        GalaxyParams[] truths = {
            GalaxyParams.STUDY_TEST_GALAXY,
            new GalaxyParams(2.5e5, 1.2, 0.45, 0.25, -0.15),
            new GalaxyParams(8e4, 4.5, 0.2, -0.3, -0.2),
        };
        double[] fwhms = {0.5, 0.8, 0.65};
        MaximumLikelihoodFitter fitter = new MaximumLikelihoodFitter();
        for (int t = 0; t < truths.length; t++) {
            PsfModel psf = PsfModel.moffat(2, fwhms[t]);
            double[] stamp = new GalaxyRenderer().render(truths[t], psf, StampGeometry.DEFAULT);
            FitResult r = fitter.fit(stamp, 200, psf, StampGeometry.DEFAULT, () -> false);
            assertTrue(r.converged(), r.message());
            double[] est = r.estimate().toArray(), truth = truths[t].toArray();
            for (int k = 0; k < 5; k++) {
                assertEquals(truth[k], est[k], 0.1 * r.errors()[k], GalaxyParams.LABELS[k] + " of galaxy " + t);
            }
            assertTrue(r.chi2PerDof() < 1e-3, "chi2/dof " + r.chi2PerDof());
        }
    }

    /** A fit past its wall-time limit stops with converged = 0 and says why (the run goes on to the next stamp). */
    @Test
    void aFitPastItsTimeLimitStopsAndSaysSo() {
        GalaxyParams truth = new GalaxyParams(1.5e5, 2.0, 0.3, 0.1, 0.15);
        PsfModel psf = PsfModel.moffat(2, 0.6);
        double[] stamp = new GalaxyRenderer().render(truth, psf, StampGeometry.DEFAULT);
        FitResult r = new MaximumLikelihoodFitter().withTimeLimit(1e-6)
                .fit(stamp, 200, psf, StampGeometry.DEFAULT, new GalaxyParams(1e5, 3, 0.4, 0, 0), () -> false);
        assertFalse(r.converged());
        assertTrue(r.message().startsWith("stopped at the time limit"), r.message());
        assertTrue(r.iterations() <= 1, "stopped at the first check: " + r.iterations());
    }

    /** A galaxy 0.7 px right and 0.4 px up of where the stamp says: the free centre finds it. */
    @Test
    void freeCentreRecoversAnOffsetGalaxy() {
        GalaxyParams truth = new GalaxyParams(1.5e5, 2.0, 0.3, 0.1, 0.15);
        PsfModel psf = PsfModel.moffat(2, 0.6);
        double[] stamp = new GalaxyRenderer().render(truth, psf, new StampGeometry(64, 0.23, 0.7, -0.4));
        FitResult r = new MaximumLikelihoodFitter().withFreeCentre(true)
                .fit(stamp, 200, psf, StampGeometry.DEFAULT, () -> false);
        assertTrue(r.converged(), r.message());
        assertEquals(0.7, r.offsetX(), 0.01);
        assertEquals(-0.4, r.offsetY(), 0.01);
        double[] est = r.estimate().toArray(), t = truth.toArray();
        for (int k = 0; k < 5; k++) assertEquals(t[k], est[k], 0.1 * r.errors()[k], GalaxyParams.LABELS[k]);
    }

    /**
     * Blank sky (pure noise), an all-zero stamp and a negated galaxy hold no source: the fit must not say
     * converged, and its message says why. A galaxy at SNR 15 is still a source.
     */
    @Test
    void aStampWithoutASourceIsNeverReportedConverged() {
        PsfModel psf = PsfModel.moffat(2, 0.6);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        double[] sky = new double[64 * 64];
        for (int i = 0; i < sky.length; i++) sky[i] = 300 * rnd.nextGaussian();
        double[] zero = new double[64 * 64];
        double[] galaxy = new org.galaxyparams.sim.GalaxyRenderer().render(new GalaxyParams(1e5, 2, 0.3, 0.1, 0), psf, StampGeometry.DEFAULT);
        double[] negated = galaxy.clone();
        for (int i = 0; i < negated.length; i++) negated[i] = -negated[i];
        MaximumLikelihoodFitter fitter = new MaximumLikelihoodFitter();
        for (double[] stamp : new double[][] {sky, zero, negated}) {
            FitResult r = fitter.fit(stamp, 300, psf, StampGeometry.DEFAULT, () -> false);
            assertFalse(r.converged(), r.message());
            assertTrue(r.message().contains("no source detected") || r.message().contains("errors undefined"), r.message());
        }
        double[] faint = new double[64 * 64];
        double[] g = new org.galaxyparams.sim.GalaxyRenderer().render(new GalaxyParams(3e4, 1, 0.3, 0, 0), psf, StampGeometry.DEFAULT);
        for (int i = 0; i < faint.length; i++) faint[i] = g[i] + 300 * rnd.nextGaussian();
        FitResult f = fitter.fit(faint, 300, psf, StampGeometry.DEFAULT, () -> false);
        assertFalse(f.message().contains("no source"), f.message());
    }

    /**
     * To the fitter a NaN pixel is masked (field mode leaves neighbours out this way, see MaskedPixelsTest); the
     * workflows refuse a NaN the user's image holds before any fit, with the pixel named.
     */
    @Test
    void nanPixelIsMaskedByTheFitterAndRefusedByTheWorkflow() {
        PsfModel psf = PsfModel.moffat(2, 0.5);
        double[] g = new org.galaxyparams.sim.GalaxyRenderer().render(new GalaxyParams(1e5, 2, 0.3, 0.1, 0), psf, StampGeometry.DEFAULT);
        java.util.Random rnd = new java.util.Random(4);
        double[] stamp = new double[64 * 64];
        for (int i = 0; i < stamp.length; i++) stamp[i] = g[i] + 200 * rnd.nextGaussian();
        stamp[65] = Double.NaN;
        FitResult f = new MaximumLikelihoodFitter().fit(stamp, 200, psf, StampGeometry.DEFAULT, () -> false);
        for (double v : f.estimate().toArray()) assertTrue(Double.isFinite(v));
        for (double v : f.errors()) assertTrue(Double.isFinite(v));
        float[] raw = new float[64 * 64];
        raw[65] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> new org.galaxyparams.stamp.StampPreparation(64, org.galaxyparams.stamp.SkyMode.AUTO)
                .stamp(raw, 2.2, 200, "image 0"));
        assertTrue(e.getMessage().contains("pixel (1, 1) is NaN"), e.getMessage());
    }
}
