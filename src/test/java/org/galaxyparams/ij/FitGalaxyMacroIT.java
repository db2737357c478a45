package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** macros/Fit_Galaxy.ijm under a virtual display: ROI mode on each stamp of test-images/. */
class FitGalaxyMacroIT {
    @TempDir
    Path dir;

    @Test
    void roiFitOfEachTestStampLandsNearItsTruth() throws Exception {
        ImageJInstall.xvfbRun();
        ImageJInstall ij = ImageJInstall.create(dir.resolve("imagej"));
        List<Path> stamps;
        try (Stream<Path> s = Files.list(Path.of("test-images"))) {
            stamps = s.filter(p -> p.getFileName().toString().matches("\\d{4}_.*\\.fits")).sorted().toList();
        }
        assertTrue(stamps.size() >= 4);
        for (Path stamp : stamps) {
            Path csv = dir.resolve(stamp.getFileName() + ".csv");
            ImageJInstall.Run run = ij.batchMacro(Path.of("macros/Fit_Galaxy.ijm"), stamp.toAbsolutePath() + "," + csv);
            assertTrue(Files.exists(csv), run.output());
            List<String> lines = Files.readAllLines(csv);
            assertEquals(2, lines.size(), String.join("\n", lines));
            List<String> header = Arrays.asList(lines.get(0).split(","));
            String[] f = lines.get(1).split(",");
            try (DatasetReader r = DatasetReader.open(stamp)) {
                double[] truth = r.truth(0).toArray();
                for (int k = 0; k < 5; k++) {
                    String label = GalaxyParams.LABELS[k];
                    double est = Double.parseDouble(f[header.indexOf(label)]);
                    double err = Double.parseDouble(f[header.indexOf(label + "_err")]);
                    assertTrue(Math.abs(est - truth[k]) < 5 * err, stamp.getFileName() + " " + label + ": " + est + " vs " + truth[k] + " +- " + err);
                }
            }
        }
    }
}
