package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Estimate Parameters in a real ImageJ: headless on a dataset file (separate JVM, Run$_ thread, macro options), and
 * its image modes (stack, ROI, ROI Manager, resampling) from a macro under a virtual display. The bounds are loose
 * (flux within 2x, hlr within 4x the validation RMSE of the default regressor's card).
 */
class EstimateParametersIT {
    @TempDir
    Path dir;

    private static final Path SAMPLE = Path.of("test-images/sample.fits").toAbsolutePath();

    @Test
    void headlessEstimatesOfTheSampleDatasetAndAMissingModel() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path csv = dir.resolve("estimates of sample.csv");
        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, EstimateParametersPlugin.class.getName(),
                "input=[" + SAMPLE + "] save_csv=[" + csv + "]");
        System.out.printf("headless Estimate Parameters: %.1f s%n", run.seconds());
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("headless=true"), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
        assertTrue(run.output().contains("Estimate Parameters: " + SAMPLE + ": 4 stamps from 1 files"), run.output());
        List<Map<String, String>> rows = CsvRows.read(csv);
        try (DatasetReader r = DatasetReader.open(SAMPLE)) {
            assertEquals(r.count(), rows.size(), "one row per slice: " + rows);
            for (int i = 0; i < r.count(); i++) {
                Map<String, String> row = rows.get(i);
                assertEquals(i, (int) CsvRows.number(row, "index"), row.get("_line"));
                GalaxyParams truth = r.truth(i);
                for (String c : new String[] {"flux", "sersic_n", "hlr", "g1", "g2"}) {
                    assertTrue(Double.isFinite(CsvRows.number(row, c)), c + " in " + row.get("_line"));
                }
                assertEquals(r.psfFwhm(i), CsvRows.number(row, "psf_fwhm"), 1e-4, "PSF FWHM from the LABELS table");
                assertEquals(r.sigma(i), CsvRows.number(row, "sigma"), 1e-3, "sigma from the LABELS table");
                assertNull(CsvRows.closeEnough(CsvRows.number(row, "flux"), CsvRows.number(row, "hlr"), truth.flux(),
                        truth.hlrArcsec()), "slice " + (i + 1) + ": " + row.get("_line"));
            }
        }

        Path none = dir.resolve("never.csv");
        run = ij.headlessJava(HeadlessPluginMain.class, EstimateParametersPlugin.class.getName(),
                "model=no-such-model input=[" + SAMPLE + "] save_csv=[" + none + "]");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("Estimate Parameters: could not load the model: No model named 'no-such-model'"), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), run.output());
        assertFalse(Files.exists(none), "no results without a model");
    }

    @Test
    void imageModesStackRoiRoiManagerAndResampling() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path macro = dir.resolve("modes.ijm");
        // every step avoids macro errors: in -batch mode their dialog would wait for ever
        Files.writeString(macro, String.join("\n",
                "out = getArgument();",
                "setBatchMode(true);",
                "run(\"Open Galaxy Dataset...\", \"path=[" + SAMPLE + "]\");",
                "print(\"active=\" + getTitle());",
                "selectImage(\"sample noisy\");",
                // (c) every slice of the stack
                "run(\"Estimate Parameters...\", \"show_images overlay save_csv=[\" + out + \"stack.csv]\");",
                "if (isOpen(\"Galaxy Params Estimate Images\")) { selectImage(\"Galaxy Params Estimate Images\");"
                        + " print(\"images=\" + nSlices + \" label3=\" + getInfo(\"slice.label\")); setSlice(3);"
                        + " print(\"label3=\" + getInfo(\"slice.label\")); close(); }",
                "selectImage(\"sample noisy\");",
                "print(\"overlay=\" + Overlay.size);",
                // the report's figures in Fiji: estimated against true from the table and the slice labels
                "before = nImages; run(\"Plot Estimates...\", \"table=[Galaxy Params Estimates]\"); print(\"plots=\" + (nImages - before));",
                "selectImage(\"sample noisy\");",
                // (a) the ROI, refined
                "setSlice(2); makeOval(18, 18, 28, 28);",
                "run(\"Estimate Parameters...\", \"refine save_csv=[\" + out + \"roi.csv]\");",
                "makeRectangle(20, 20, 10, 10);",
                "run(\"Estimate Parameters...\", \"save_csv=[\" + out + \"small.csv]\");",
                // (b) every ROI of the ROI Manager; the third is too close to the edge
                "roiManager(\"reset\");",
                "setSlice(1); makeRectangle(16, 16, 32, 32); roiManager(\"add\");",
                "setSlice(4); makeRectangle(16, 16, 32, 32); roiManager(\"add\");",
                "setSlice(3); makeRectangle(0, 0, 24, 24); roiManager(\"add\");",
                "run(\"Select None\");",
                "run(\"Estimate Parameters...\", \"all_rois save_csv=[\" + out + \"rois.csv]\");",
                "roiManager(\"reset\");",
                // another pixel scale: refused, then resampled
                "run(\"Simulate Galaxies...\", \"preset=custom flux_min=150000 flux_max=150000 n_min=1 n_max=1 hlr_min=0.4 hlr_max=0.4"
                        + " shear_max=0 psf_fwhm_min=0.7 psf_fwhm_max=0.7 sigma_min=300 sigma_max=300 count=1 seed=5 stamp_size=100"
                        + " pixel_scale=0.2 psf_beta=2 snr_min=0 snr_max=1000 threads=1 show_noisy\");",
                "makeOval(30, 30, 40, 40);",
                "run(\"Estimate Parameters...\", \"save_csv=[\" + out + \"scale.csv]\");",
                // refined: the network alone answers n < 0 here (flagged, no estimate); the fit then starts from the moments
                "run(\"Estimate Parameters...\", \"resample refine save_csv=[\" + out + \"resample.csv]\");",
                "print(\"modes done\");", ""));
        ImageJInstall.Run run = ij.batchMacro(macro, out + "/");
        String log = run.output();
        assertTrue(log.contains("modes done"), log);
        assertFalse(log.contains("\tat "), log);

        // (c) stack: one row per slice, 4 x (data, model, residual) images, 4 ellipses
        List<Map<String, String>> stack = CsvRows.read(out.resolve("stack.csv"));
        assertEquals(4, stack.size(), stack.toString());
        try (DatasetReader r = DatasetReader.open(SAMPLE)) {
            for (int i = 0; i < 4; i++) {
                Map<String, String> row = stack.get(i);
                assertEquals(i + 1, (int) CsvRows.number(row, "slice"));
                assertEquals(r.sigma(i), CsvRows.number(row, "sigma"), 1e-3, "sigma from the slice label");
                assertTrue(row.get("model").startsWith(CsvRows.defaultModelFor(CsvRows.number(row, "psf_fwhm"), CsvRows.number(row, "sigma")) + "@"),
                        row.get("_line"));
                assertNull(CsvRows.closeEnough(CsvRows.number(row, "flux"), CsvRows.number(row, "hlr"), r.truth(i).flux(),
                        r.truth(i).hlrArcsec()), row.get("_line"));
            }
        }
        assertTrue(log.contains("images=12"), log);
        assertTrue(log.contains("label3=slice 1 residual"), log);
        assertTrue(log.contains("overlay=4"), log);
        assertTrue(log.contains("plots=5"), "one figure per label: " + log);
        assertTrue(log.contains("active=sample noisy"), "after opening, the noisy stack is the image the next command measures: " + log);

        // (a) ROI with refinement: Cramer-Rao errors; a small ROI is refused with a message
        List<Map<String, String>> roi = CsvRows.read(out.resolve("roi.csv"));
        assertEquals(1, roi.size());
        assertEquals(2, (int) CsvRows.number(roi.get(0), "slice"));
        assertEquals(32, CsvRows.number(roi.get(0), "x"), 1e-9);
        assertTrue(CsvRows.number(roi.get(0), "flux_err") > 0, roi.get(0).get("_line"));
        assertNull(CsvRows.closeEnough(CsvRows.number(roi.get(0), "flux"), CsvRows.number(roi.get(0), "hlr"), 2.5e5, 0.45));
        // on an image no larger than the model's stamp a ROI only says which galaxy: the whole stamp is taken
        List<Map<String, String>> small = CsvRows.read(out.resolve("small.csv"));
        assertEquals(1, small.size());
        assertEquals(32, CsvRows.number(small.get(0), "x"), 1e-9, small.get(0).get("_line"));
        assertTrue(Double.isFinite(CsvRows.number(small.get(0), "flux")), small.get(0).get("_line"));

        // (b) ROI Manager: a row per ROI; the one at the corner of a stamp-sized image takes the whole stamp too
        List<Map<String, String>> rois = CsvRows.read(out.resolve("rois.csv"));
        assertEquals(3, rois.size(), rois.toString());
        assertEquals(1, (int) CsvRows.number(rois.get(0), "slice"));
        assertEquals(4, (int) CsvRows.number(rois.get(1), "slice"));
        assertTrue(Double.isFinite(CsvRows.number(rois.get(1), "flux")));
        assertEquals(3, (int) CsvRows.number(rois.get(2), "slice"));
        assertTrue(Double.isFinite(CsvRows.number(rois.get(2), "flux")), rois.get(2).get("_line"));

        // another pixel scale: refused unless resampled; refined, whatever the network answered
        assertTrue(log.contains("Estimate Parameters: this image has a pixel scale 0.2000 arcsec/pixel, but the model was trained at 0.2300"), log);
        assertFalse(Files.exists(out.resolve("scale.csv")));
        List<Map<String, String>> resampled = CsvRows.read(out.resolve("resample.csv"));
        assertEquals(1, resampled.size());
        assertTrue(resampled.get(0).get("message").contains("resampled from 0.2000"), resampled.get(0).get("_line"));
        assertNull(CsvRows.closeEnough(CsvRows.number(resampled.get(0), "flux"), CsvRows.number(resampled.get(0), "hlr"), 1.5e5, 0.4),
                resampled.get(0).get("_line"));
    }
}
