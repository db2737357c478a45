package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fit Galaxy headless in a real ImageJ (separate JVM, Run$_ thread, macro options), on test-images/sample.fits. */
class FitGalaxyIT {
    @TempDir
    Path dir;

    @Test
    void headlessFitOfTheSampleStacksWritesACsvCloseToTheTruth() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        Path sample = Path.of("test-images/sample.fits").toAbsolutePath();
        Path csv = dir.resolve("fit results.csv");
        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, FitGalaxyPlugin.class.getName(),
                "input=[" + sample + "] free_centre save_csv=[" + csv + "]");
        assertEquals(0, run.exit(), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
        List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
        List<String> header = Arrays.asList(lines.get(0).split(","));
        try (DatasetReader r = DatasetReader.open(sample)) {
            assertEquals(r.count() + 1, lines.size(), "one row per slice");
            for (int i = 0; i < r.count(); i++) {
                String[] f = lines.get(i + 1).split(",");
                assertEquals("1", f[header.indexOf("converged")], lines.get(i + 1));
                // the free centre stays on the true centre (32, 32) to a fraction of a pixel
                assertEquals(32, Double.parseDouble(f[header.indexOf("x")]), 0.3, lines.get(i + 1));
                assertEquals(32, Double.parseDouble(f[header.indexOf("y")]), 0.3, lines.get(i + 1));
                double[] truth = r.truth(i).toArray();
                for (int k = 0; k < 5; k++) {
                    String label = GalaxyParams.LABELS[k];
                    double est = Double.parseDouble(f[header.indexOf(label)]);
                    double err = Double.parseDouble(f[header.indexOf(label + "_err")]);
                    assertTrue(Math.abs(est - truth[k]) < 5 * err, "slice " + (i + 1) + " " + label + ": " + est + " vs " + truth[k] + " +- " + err);
                }
            }
        }
    }

    @Test
    void missingInputHeadlessGivesAMessageNotAStackTrace() throws Exception {
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        ImageJInstall.Run run = ij.headlessJava(HeadlessPluginMain.class, FitGalaxyPlugin.class.getName(),
                "input=[" + dir.resolve("missing.fits") + "]");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("Fit Galaxy: "), run.output());
        assertFalse(run.output().contains("at org."), run.output());
    }
}
