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

    /** Answers each even stamp with fixed parameters and refuses each odd one. */
    private static final class HalfRefusing implements org.galaxyparams.estimate.ParameterEstimator {
        static final GalaxyParams ANSWER = new GalaxyParams(1.5e5, 2.5, 0.3, 0.1, -0.2);
        public String provenance() { return "half-refusing"; }
        public int stampSize() { return 64; }
        public double pixelScale() { return 0.04; }
        public String checkInput(StampInput stamp) { return null; }
        public List<Estimate> estimate(List<StampInput> stamps, java.util.function.BooleanSupplier cancelled,
                                       org.galaxyparams.sim.ProgressListener progress) {
            List<Estimate> out = new ArrayList<>();
            for (int i = 0; i < stamps.size(); i++)
                out.add(i % 2 == 0 ? new Estimate(stamps.get(i).id(), ANSWER, null, null, 0, null) : Estimate.refused(stamps.get(i).id(), "no"));
            return out;
        }
        public void close() {}
    }

    @Test
    void posteriorTargetsAreTheEstimatorsAnswersAndTheTruthWhereItRefuses() {
        List<Sample> samples = new SampleStream(SimulationConfig.of(Preset.DATASET1, 32), 0).take(5);
        List<String> log = new ArrayList<>();
        List<GalaxyParams> targets = NetworkTrainer.posteriorTargets(new HalfRefusing(), samples, 64, log::add);
        assertEquals(5, targets.size());
        for (int i = 0; i < 5; i++)
            assertArrayEquals((i % 2 == 0 ? HalfRefusing.ANSWER : samples.get(i).params()).toArray(), targets.get(i).toArray(), 0, "stamp " + i);
        assertEquals(List.of("2 of 5 stamps got no posterior mean: their true labels are the targets"), log);
    }

    private static final Architecture TINY = Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5));

    /** A tiny augmented run of {@code steps} on {@code preset}: 16 validation stamps, batches of 8, a rate of 1e-3. */
    private static TrainingOptions.Builder tiny(String name, Preset preset, Path dir, int steps) {
        return TrainingOptions.builder(name, TINY, InputEncoding.STUDY, SimulationConfig.of(preset, 5), preset.id())
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(steps)
                .validateEvery(2).patience(50).threads(1).outDir(dir).command("test").augment(true);
    }

    @Test
    void aRunTaughtByThePosteriorNamesIt(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        TrainingOptions o = tiny("pupil", Preset.DATASET1, dir, 2).teacher(NetworkTrainer.POSTERIOR_TEACHER).build();
        ModelCard card = new NetworkTrainer(o, quiet).run(() -> false);
        assertTrue(card.training().loss().contains("training targets: the posterior mean of each drawn stamp (" + ModelLocator.DEFAULT_REGRESSOR + "@"),
                card.training().loss());
    }

    @Test
    void thePosteriorCannotTeachAnotherStampSize(@TempDir Path dir) {
        TrainingOptions o = TrainingOptions.builder("small", TINY, new InputEncoding(32, 1e-3, 0.75, 0.25, 300, 100, 0),
                        SimulationConfig.of(Preset.DATASET1, 5).withGeometry(new org.galaxyparams.sim.StampGeometry(32, 0.23)), "dataset1")
                .validationSeed(6).validationSize(16).batch(8).learningRate(1e-3f).totalSteps(2).validateEvery(2).patience(50)
                .threads(1).outDir(dir).command("test").augment(true).teacher(NetworkTrainer.POSTERIOR_TEACHER).build();
        IOException e = assertThrows(IOException.class, () -> new NetworkTrainer(o, new PrintStream(new ByteArrayOutputStream())).run(() -> false));
        assertTrue(e.getMessage().contains("takes 64-pixel stamps; this run draws 32-pixel ones"), e.getMessage());
    }

    @Test
    void aRunWithATeacherNamesItAndAResumeWithoutItIsRefused(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        TrainingOptions o = tiny("pupil", Preset.DATASET3, dir, 4).teacher(ModelLocator.DEFAULT_PAIR_BASE).teacherViews(2).build();
        ModelCard card = new NetworkTrainer(o, quiet).run(() -> false);
        assertTrue(card.training().loss().contains("training targets: " + ModelLocator.DEFAULT_PAIR_BASE + "@")
                && card.training().loss().contains("mean over 2 symmetric views"), card.training().loss());
        TrainingOptions plain = tiny("pupil", Preset.DATASET3, dir, 8).resume(true).build();
        IOException e = assertThrows(IOException.class, () -> new NetworkTrainer(plain, quiet).run(() -> false));
        assertTrue(e.getMessage().contains("Cannot resume pupil") && e.getMessage().contains("training targets"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tiny("x", Preset.DATASET3, dir, 4).teacher("t").teacherViews(3).build());
    }
}
