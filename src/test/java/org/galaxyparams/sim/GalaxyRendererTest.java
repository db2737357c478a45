package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/** Properties of the rendered image with known answers. */
class GalaxyRendererTest {
    private final GalaxyRenderer renderer = new GalaxyRenderer();

    /** n = 0.5 is a Gaussian; with a Gaussian PSF and the pixel response every pixel has a closed form. */
    @Test
    void gaussianGalaxyWithGaussianPsfMatchesClosedFormPixelByPixel() {
        double flux = 1e5, hlr = 0.35, psfFwhm = 0.6, scale = 0.2;
        StampGeometry geo = new StampGeometry(48, scale, 0.3, -0.2);
        double[] img = renderer.render(new GalaxyParams(flux, 0.5, hlr, 0, 0), PsfModel.gaussian(psfFwhm), geo);
        double sg = hlr / Math.sqrt(2 * Math.log(2)), sp = psfFwhm / (2 * Math.sqrt(2 * Math.log(2)));
        double sigma = Math.hypot(sg, sp);
        double peak = 0, worst = 0, sum = 0, sumExact = 0;
        for (int y = 0; y < geo.size(); y++) {
            for (int x = 0; x < geo.size(); x++) {
                double exact = flux * band((x - geo.centreX()) * scale, scale, sigma) * band((y - geo.centreY()) * scale, scale, sigma);
                peak = Math.max(peak, exact);
                worst = Math.max(worst, Math.abs(exact - img[y * geo.size() + x]));
                sum += img[y * geo.size() + x];
                sumExact += exact;
            }
        }
        assertTrue(worst / peak < 1e-5, "worst pixel error / peak " + worst / peak);
        assertEquals(sumExact, sum, 1e-5 * flux, "stamp flux");
    }

    private static double band(double centre, double width, double sigma) {
        double s = sigma * Math.sqrt(2);
        return 0.5 * (Erf.erf((centre + width / 2) / s) - Erf.erf((centre - width / 2) / s));
    }

    /** Unsheared, nearly no PSF, fine pixels: the circle of radius hlr holds half the total flux. */
    @Test
    void halfLightRadiusEnclosesHalfTheFlux() {
        double scale = 0.01, hlr = 0.3;
        StampGeometry geo = new StampGeometry(129, scale);
        for (double n : new double[] {0.5, 1.0, 2.5, 4.0}) {
            double[] img = renderer.render(new GalaxyParams(1.0, n, hlr, 0, 0), PsfModel.gaussian(0.005), geo);
            double inside = 0;
            for (int y = 0; y < geo.size(); y++) {
                for (int x = 0; x < geo.size(); x++) {
                    double dx = (x - geo.centreX()) * scale, dy = (y - geo.centreY()) * scale;
                    if (dx * dx + dy * dy <= hlr * hlr) inside += img[y * geo.size() + x];
                }
            }
            assertEquals(0.5, inside, 0.004, "n=" + n);
        }
    }

    /** Quadrupole moments of a sheared Gaussian, after removing the PSF and pixel moments, give back the shear. */
    @Test
    void secondMomentsOfShearedProfileGiveTheShear() {
        double scale = 0.05, psfFwhm = 0.2;
        StampGeometry geo = new StampGeometry(96, scale);
        double[][] shears = {{0.3, 0.0}, {0.0, -0.4}, {-0.2, 0.25}, {0.5, 0.4}};
        for (double[] g : shears) {
            double[] img = renderer.render(new GalaxyParams(1.0, 0.5, 0.3, g[0], g[1]), PsfModel.gaussian(psfFwhm), geo);
            double qxx = 0, qyy = 0, qxy = 0, sum = 0;
            for (int y = 0; y < geo.size(); y++) {
                for (int x = 0; x < geo.size(); x++) {
                    double v = img[y * geo.size() + x];
                    double dx = (x - geo.centreX()) * scale, dy = (y - geo.centreY()) * scale;
                    qxx += v * dx * dx;
                    qyy += v * dy * dy;
                    qxy += v * dx * dy;
                    sum += v;
                }
            }
            double sp = psfFwhm / (2 * Math.sqrt(2 * Math.log(2)));
            double iso = sp * sp + scale * scale / 12; // PSF and pixel variance per axis
            qxx = qxx / sum - iso;
            qyy = qyy / sum - iso;
            qxy = qxy / sum;
            double e1 = (qxx - qyy) / (qxx + qyy), e2 = 2 * qxy / (qxx + qyy);
            // distortion e = 2 g / (1 + |g|^2)
            double gsq = g[0] * g[0] + g[1] * g[1];
            assertEquals(2 * g[0] / (1 + gsq), e1, 1e-4, "e1 for g=" + g[0] + "," + g[1]);
            assertEquals(2 * g[1] / (1 + gsq), e2, 1e-4, "e2 for g=" + g[0] + "," + g[1]);
        }
    }

    /** The drawn Moffat falls to half its peak at FWHM / 2 from the centre. */
    @Test
    void moffatPsfHasItsFwhm() {
        double scale = 0.005, fwhm = 0.7;
        StampGeometry geo = new StampGeometry(301, scale);
        double[] img = renderer.renderPsf(PsfModel.moffat(2, fwhm), geo);
        int c = geo.size() / 2;
        double peak = img[c * geo.size() + c];
        int x = c;
        while (img[c * geo.size() + x] > peak / 2) x++;
        double v0 = img[c * geo.size() + x - 1], v1 = img[c * geo.size() + x];
        double crossing = (x - 1 + (v0 - peak / 2) / (v0 - v1) - c) * scale;
        assertEquals(fwhm / 2, crossing, 0.002 * fwhm);
    }

    /** GalSim's numbers for the study's test galaxy (shared/reference/galsim/README.md). */
    @Test
    void studyTestGalaxyHasGalSimStampSumAndSnr() {
        double[] img = renderer.render(GalaxyParams.STUDY_TEST_GALAXY, PsfModel.moffat(2, 0.5), StampGeometry.DEFAULT);
        double sum = 0;
        for (double v : img) sum += v;
        assertEquals(99_695, sum, 0.001 * 99_695); // SPEC: stamp flux within 0.1 % of GalSim
        assertEquals(59.91, NoiseModel.snr(img, 200), 0.01);
        assertEquals(29.95, NoiseModel.snr(img, 400), 0.01);
    }

    @Test
    void fluxScalesLinearly() {
        double[] a = renderer.render(new GalaxyParams(1e4, 2.2, 0.4, 0.1, -0.2), PsfModel.moffat(2, 0.7), StampGeometry.DEFAULT);
        double[] b = renderer.render(new GalaxyParams(3e4, 2.2, 0.4, 0.1, -0.2), PsfModel.moffat(2, 0.7), StampGeometry.DEFAULT);
        for (int i = 0; i < a.length; i++) assertEquals(3 * a[i], b[i], 1e-9 * Math.abs(b[i]) + 1e-12);
    }
}
