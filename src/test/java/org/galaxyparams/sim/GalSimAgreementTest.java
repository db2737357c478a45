package org.galaxyparams.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SPEC section 1: every pixel within 1e-3 of the GalSim peak, total flux within 0.1 %. */
public class GalSimAgreementTest {

    @Test
    public void everyReferenceStampMatchesGalSim() throws Exception {
        GalSimReference ref = new GalSimReference();
        GalaxyRenderer renderer = new GalaxyRenderer();
        double worstPixel = 0, worstFlux = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < ref.rows.size(); i++) {
            double[] img = renderer.render(ref.params(i), PsfModel.moffat(2, ref.psfFwhm(i)), StampGeometry.DEFAULT);
            double[][] g = ref.images[i];
            double peak = 0, maxDiff = 0, sumG = 0, sum = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    peak = Math.max(peak, Math.abs(g[y][x]));
                    maxDiff = Math.max(maxDiff, Math.abs(g[y][x] - img[y * 64 + x]));
                    sumG += g[y][x];
                    sum += img[y * 64 + x];
                }
            }
            double rel = maxDiff / peak, flux = Math.abs(sum - sumG) / sumG;
            worstPixel = Math.max(worstPixel, rel);
            worstFlux = Math.max(worstFlux, flux);
            GalaxyParams p = ref.params(i);
            double gAbs = Math.hypot(p.g1(), p.g2());
            int fft = renderer.fftSizeFor(StampGeometry.DEFAULT, PsfModel.moffat(2, ref.psfFwhm(i)), p.sersicN(),
                    p.hlrArcsec() * Math.sqrt((1 + gAbs) / (1 - gAbs)));
            report.append(String.format("row %2d N=%3d n=%.2f hlr=%.2f |g|=%.2f fwhm=%.2f  pixel %.2e  flux %.2e%n", i, fft,
                    ref.rows.get(i)[1], ref.rows.get(i)[2], Math.hypot(ref.rows.get(i)[3], ref.rows.get(i)[4]),
                    ref.psfFwhm(i), rel, flux));
        }
        System.out.print(report);
        System.out.printf("worst pixel/peak %.3e, worst stamp flux %.3e%n", worstPixel, worstFlux);
        assertTrue(worstPixel < 1e-3, "pixel error " + worstPixel);
        assertTrue(worstFlux < 1e-3, "flux error " + worstFlux);
    }
}
