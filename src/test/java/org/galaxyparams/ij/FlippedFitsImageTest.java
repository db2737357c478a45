package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.galaxyparams.app.FitRequest;
import org.galaxyparams.app.Fitting;
import org.galaxyparams.app.ImageResult;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.Target;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.io.FieldFits;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.stamp.SkyMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FITS image opened with File&gt;Open, which ImageJ shows bottom-up: a y-mirror turns g2 into -g2, so the image
 * workflows must measure it in the file's rows. The oracle is the truth the file was drawn from.
 */
class FlippedFitsImageTest {
    @TempDir
    Path dir;

    static final int W = 128, H = 96, X0 = 10, Y0 = 5;
    static final GalaxyParams TRUTH = new GalaxyParams(2e5, 1.5, 0.5, 0.1, 0.3);
    static final double SIGMA = 5, PSF = 0.7;

    /** The galaxy drawn at file pixel (X0 + 32, Y0 + 32) of a W x H image, with a little noise. */
    static float[] fileRows() {
        double[] stamp = new GalaxyRenderer().render(TRUTH, PsfModel.moffat(2, PSF), StampGeometry.DEFAULT);
        SplittableRandom rng = new SplittableRandom(11);
        float[] px = new float[W * H];
        for (int i = 0; i < px.length; i++) px[i] = (float) (SIGMA * gaussian(rng));
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) px[(Y0 + y) * W + X0 + x] += (float) stamp[y * 64 + x];
        return px;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void aFitsFileOpenedInImageJIsMeasuredInItsOwnRowsWithG2sSign() throws Exception {
        Path file = dir.resolve("galaxy.fits");
        FieldFits.write(file, new FieldImage("galaxy", fileRows(), W, H, 0.23, PSF, SIGMA, Double.NaN, null, ""), "MOFFAT", 2.0);
        ImagePlus imp = IJ.openImage(file.toString());
        assertNotNull(imp);
        double cx = X0 + 32, cy = Y0 + 32; // the galaxy's centre in the file's rows
        imp.setRoi(new Roi(cx - 20, (H - cy) - 20, 40, 40)); // drawn where ImageJ shows it
        ImagePlusSource src = new ImagePlusSource(imp);
        assertTrue(src.rowsFlipped(), "ImageJ's FITS reader shows the rows bottom-up");

        List<Target> targets = src.inFileRows(EstimateParametersPlugin.targets(imp, false));
        FitRequest request = new FitRequest(PSF, 2, SIGMA, false, false, 64, 0.23, SkyMode.NONE, 1, 0);
        ImageResult result = new Fitting(request).image(src, targets, Monitor.of((d, t) -> {}, () -> false, m -> {}));
        var row = result.rows().get(0);
        assertTrue(row.ok(), row.toString());
        assertEquals(TRUTH.g2(), row.estimate().g2(), 0.03, "g2 keeps the file's sign (a flipped stamp gives -0.3)");
        assertEquals(TRUTH.g1(), row.estimate().g1(), 0.03);
        assertEquals(TRUTH.hlrArcsec(), row.estimate().hlrArcsec(), 0.02);
        assertEquals(cx, row.x(), 0.2, "x in pixels");
        assertEquals(cy, row.y(), 0.2, "y counts the file's rows, as the command line's rows do");
        assertEquals(H - row.y(), src.screenY(row.y()), 1e-12);

    }

    @Test
    void imagesWithoutAFitsHeaderKeepTheirRows() {
        ImagePlus imp = new ImagePlus("made.tif", new ij.process.FloatProcessor(W, H, fileRows()));
        ImagePlusSource src = new ImagePlusSource(imp);
        assertTrue(!src.rowsFlipped());
        List<Target> t = List.of(new Target(1, "r", 30, 40, 10, null));
        assertEquals(t, src.inFileRows(t));
        assertEquals(40, src.screenY(40));
    }
}
