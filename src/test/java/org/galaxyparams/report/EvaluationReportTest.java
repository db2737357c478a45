package org.galaxyparams.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.eval.Evaluation;
import org.galaxyparams.eval.EvaluationSamples;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report draws every figure headless and links each one from report.html. */
class EvaluationReportTest {
    /** Answers the pixel sum as flux and fixed shapes. */
    static final class SumEstimator implements ParameterEstimator {
        @Override public String provenance() { return "sum@0"; }
        @Override public int stampSize() { return 64; }
        @Override public double pixelScale() { return 0.23; }
        @Override public String checkInput(StampInput s) { return null; }
        @Override public void close() {}

        @Override
        public List<Estimate> estimate(List<StampInput> stamps, BooleanSupplier cancelled, ProgressListener progress) {
            List<Estimate> out = new ArrayList<>();
            for (StampInput s : stamps) {
                double sum = 0;
                for (float v : s.pixels()) sum += v;
                out.add(new Estimate(s.id(), new GalaxyParams(sum, 2, 0.3, 0, 0), null, null, 0, null));
            }
            return out;
        }
    }

    @Test
    void everyFigureIsWrittenAndLinked(@TempDir Path dir) throws Exception {
        EvaluationReport r = new EvaluationReport(dir.resolve("report"));
        EvaluationSamples d3 = Evaluation.collect(new SumEstimator(), Preset.DATASET3, 200, 5, m -> {});
        r.addPreset(d3);
        EvaluationSamples snr60 = Evaluation.collect(new SumEstimator(), Preset.SNR60, 100, 6, m -> {});
        r.addFixedSet(snr60, Evaluation.cramerRao(Preset.SNR60));
        r.addTables("| set | n |\n|---|---|\n| dataset3 | 200 |\n");
        Path html = r.finish();
        String text = Files.readString(html);
        List<Path> images = r.images();
        assertEquals(11, images.size(), images.toString());
        for (Path p : images) {
            assertTrue(text.contains("src=\"" + p.getFileName() + "\""), p.getFileName() + " is linked");
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(460, img.getWidth(), p.toString());
        }
        assertTrue(text.contains("dataset3 (200 stamps)") && text.contains("| dataset3 | 200 |"), text);
        assertEquals(200, d3.count());
        assertEquals(d3.statistics().rmse(0), Evaluation.run(new SumEstimator(), Preset.DATASET3, 200, 5, m -> {}).rmse(0), 1e-9,
                "collect and run see the same stamps");
    }
}
