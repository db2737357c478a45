package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.estimate.NeuralEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distillation: the targets are the teacher's mean over views, as `estimate --views` computes it; the card says so. */
class TeacherTrainingTest {
    @Test
    void targetsAreTheTeachersEstimatesOverTheSameViews() throws IOException {
        List<Sample> samples = new SampleStream(SimulationConfig.of(Preset.DATASET3, 31), 0).take(5);
        try (GalaxyNetwork t = GalaxyNetwork.load(ModelLocator.resolve(ModelLocator.DEFAULT_PAIR_BASE), ai.djl.Device.cpu())) {
            List<GalaxyParams> targets = NetworkTrainer.teacherTargets(t, samples, 4, m -> {});
            List<StampInput> in = new ArrayList<>();
            for (Sample s : samples) in.add(new StampInput("s", s.noisy(), 64, s.psfFwhm(), s.sigma()));
            List<Estimate> est = new NeuralEstimator(t, null, false, m -> {}).withViews(4).estimate(in, () -> false, null);
            double[] range = {3.7e5, 5.5, 0.5, 1.34, 1.34};
            for (int i = 0; i < samples.size(); i++) {
                double[] a = targets.get(i).toArray(), b = est.get(i).best().toArray(), truth = samples.get(i).params().toArray();
                boolean differsFromTruth = false;
                for (int k = 0; k < 5; k++) {
                    assertEquals(b[k], a[k], 1e-5 * range[k], "stamp " + i + " label " + k);
                    differsFromTruth |= Math.abs(a[k] - truth[k]) > 1e-3 * range[k];
                }
                assertTrue(differsFromTruth, "the targets are the teacher's, not the truth");
            }
        }
    }

    @Test
    void aRunWithATeacherNamesItAndAResumeWithoutItIsRefused(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Architecture tiny = Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5));
        TrainingOptions o = TrainingOptions.builder("pupil", tiny, InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(4)
                .validateEvery(2).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .teacher(ModelLocator.DEFAULT_PAIR_BASE).teacherViews(2).build();
        ModelCard card = new NetworkTrainer(o, quiet).run(() -> false);
        assertTrue(card.training().loss().contains("training targets: " + ModelLocator.DEFAULT_PAIR_BASE + "@")
                && card.training().loss().contains("mean over 2 symmetric views"), card.training().loss());
        TrainingOptions plain = TrainingOptions.builder("pupil", tiny, InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(8)
                .validateEvery(2).patience(50).threads(1).resume(true).outDir(dir).command("test")
                .augment(true).build();
        IOException e = assertThrows(IOException.class, () -> new NetworkTrainer(plain, quiet).run(() -> false));
        assertTrue(e.getMessage().contains("Cannot resume pupil") && e.getMessage().contains("training targets"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder("x", tiny, InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(4)
                .validateEvery(2).patience(50).threads(1).outDir(dir).command("test").augment(true)
                .teacher("t").teacherViews(3).build());
    }
}
