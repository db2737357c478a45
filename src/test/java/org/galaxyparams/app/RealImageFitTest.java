package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.galaxyparams.fit.CramerRaoBound;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.stamp.StampPreparationTest;
import org.junit.jupiter.api.Test;

/**
 * The fit workflow on a galaxy in a larger image: wherever the ROI is drawn around it, the stamp is cut around the
 * galaxy and its centre is fitted, so the estimates agree with the centred ROI's and the residual is noise; a sky
 * pedestal leaves the flux within 2 %.
 */
class RealImageFitTest {
    static final double GX = 150.3, GY = 141.8;

    private static ImageResult fit(float[] image, double[][] offsets) {
        FitRequest request = new FitRequest(0.7, 2, 300, false, false, 64, Double.NaN, null, 1, 0);
        List<Target> targets = new java.util.ArrayList<>();
        for (double[] d : offsets) targets.add(new Target(1, "roi " + targets.size(), GX + d[0], GY + d[1], 20, null));
        return new Fitting(request).image(ArrayImageSource.of("field", image, 300, 300, Double.NaN), targets, Monitor.SILENT);
    }

    @Test
    void theFitDoesNotDependOnWhereTheRoiIs() {
        double[] crb = CramerRaoBound.at(StampPreparationTest.GALAXY, PsfModel.moffat(2, 0.7), new StampGeometry(64, 0.23), 300)
                .standardDeviations();
        ImageResult r = fit(StampPreparationTest.image(GX, GY, 0, 31), new double[][] {{0, 0}, {3, 0}, {-2, 2}, {1, -3}});
        MeasurementRow centred = r.rows().get(0);
        for (int i = 0; i < r.rows().size(); i++) {
            MeasurementRow row = r.rows().get(i);
            assertTrue(row.ok() && row.fit().converged() && MeasurementRow.FIT.equals(row.method()), row.message());
            double[] a = centred.estimate().toArray(), b = row.estimate().toArray();
            for (int k = 0; k < 5; k++) assertEquals(a[k], b[k], 0.2 * crb[k], "label " + k + " of " + row.roi());
            assertEquals(GX, row.x(), 0.3);
            assertEquals(GY, row.y(), 0.3);
            assertTrue(row.message().contains("pixel scale assumed 0.23"), row.message());
            float[] residual = r.panels().get(i).get(2).pixels();
            double s = 0;
            for (float v : residual) s += v * v;
            assertEquals(1, Math.sqrt(s / residual.length) / 300, 0.05, "residual of " + row.roi());
        }
        ImageResult raised = fit(StampPreparationTest.image(GX, GY, 1000, 31), new double[][] {{2, 1}});
        assertEquals(centred.estimate().flux(), raised.rows().get(0).estimate().flux(), 0.02 * centred.estimate().flux());
    }

    /** A stack of stamps with a NaN slice: that slice gets a row saying why, the others are fitted, progress moves. */
    @Test
    void aBadSliceGetsItsRowAndTheStackGoesOn() {
        float[][] slices = new float[3][];
        for (int k = 0; k < 3; k++) {
            float[] field = StampPreparationTest.image(150, 150, 0, 40 + k);
            slices[k] = new float[64 * 64];
            for (int y = 0; y < 64; y++) System.arraycopy(field, (118 + y) * 300 + 118, slices[k], y * 64, 64);
        }
        slices[1][64 * 20 + 7] = Float.NaN;
        ArrayImageSource stack = new ArrayImageSource("stack", 64, 64, slices, new String[] {"psf=0.7 sigma=300", "psf=0.7 sigma=300",
                "psf=0.7 sigma=300"}, 0.23, 32);
        List<Target> targets = List.of(new Target(1, null, 32, 32, 0, null), new Target(2, null, 32, 32, 0, null),
                new Target(3, null, 32, 32, 0, null));
        List<Long> progress = new java.util.ArrayList<>();
        ImageResult r = new Fitting(FitRequest.DEFAULTS).image(stack, targets, Monitor.of((d, t) -> progress.add(d), () -> false, m -> {}));
        assertTrue(r.rows().get(0).ok() && r.rows().get(2).ok(), r.rows().toString());
        MeasurementRow bad = r.rows().get(1);
        assertFalse(bad.ok());
        assertEquals(2, bad.slice());
        assertTrue(bad.message().startsWith("error: slice 2: pixel (7, 20) is NaN"), bad.message());
        assertEquals(List.of(1L, 2L), progress, "progress after each fitted slice");
        assertEquals(0.7, r.rows().get(0).psfFwhm(), 1e-9, "the PSF from the slice label");
    }
}
