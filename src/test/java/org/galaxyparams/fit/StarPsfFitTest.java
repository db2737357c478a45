package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

/**
 * The Moffat fit recovers a star drawn by the simulator (in Fourier space, with the pixel response: another code
 * path than the fit's real-space pixel sums), with sky and noise.
 */
class StarPsfFitTest {
    private static float[] star(double fwhm, double beta, double flux, double sky, double sigma, long seed) {
        double[] psf = new GalaxyRenderer().renderPsf(PsfModel.moffat(beta, fwhm), new StampGeometry(32, 0.23, 0.2, -0.3));
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[psf.length];
        // read noise and the star's own Poisson counts (gain 1), Gaussian at these counts
        for (int i = 0; i < out.length; i++) out[i] = (float) (flux * psf[i] + sky + Math.sqrt(sigma * sigma + flux * psf[i]) * r.nextGaussian());
        return out;
    }

    @Test
    void recoversFwhmBetaFluxCentreAndSky() {
        for (double[] c : new double[][] {{0.7, 2.0}, {0.55, 3.5}, {0.9, 2.5}}) {
            StarPsfFit.Result r = StarPsfFit.fit(star(c[0], c[1], 2e5, 100, 10, 3), 32, 32, 10);
            // SNR ~ 2,000: the FWHM to 1 %, beta to 5 %, the flux to 1 %
            assertEquals(c[0] / 0.23, r.fwhmPixels(), 0.01 * c[0] / 0.23, "FWHM of " + c[0] + " arcsec, beta " + c[1]);
            assertEquals(c[1], r.beta(), 0.05 * c[1]);
            assertEquals(2e5, r.flux(), 0.01 * 2e5);
            // the profile centre: stamp centre 16 plus the offset
            assertEquals(16.2, r.x(), 0.02);
            assertEquals(15.7, r.y(), 0.02);
            assertEquals(100, r.sky(), 2);
            assertEquals(1, r.chi2PerDof(), 0.15);
        }
    }

    /** A bright star has its own Poisson noise: chi2/dof counts it, so a good star is not called a poor fit. */
    @Test
    void aBrightStarsPoissonNoiseIsPartOfItsChiSquared() {
        double[] psf = new GalaxyRenderer().renderPsf(PsfModel.moffat(2.0, 0.7), new StampGeometry(32, 0.23, 0.2, -0.3));
        SplittableRandom r = new SplittableRandom(5);
        float[] img = new float[psf.length];
        for (int i = 0; i < img.length; i++) {
            double mean = 2e5 * psf[i];
            img[i] = (float) (mean + 100 + Math.sqrt(10 * 10 + mean) * r.nextGaussian()); // Gaussian read noise and Poisson counts
        }
        StarPsfFit.Result f = StarPsfFit.fit(img, 32, 32, 10);
        // against sigma alone chi2/dof would be about 1 + 2e5 / (100 * 1024) = 3
        assertEquals(1, f.chi2PerDof(), 0.15);
    }

    @Test
    void emptySkyIsNotAStar() {
        float[] noise = star(0.7, 2, 0, 100, 10, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StarPsfFit.fit(noise, 32, 32, 10));
        assertTrue(e.getMessage().startsWith("no star in the ROI"), e.getMessage());
    }
}
