package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.ModelCard;
import org.galaxyparams.net.Sha256;
import org.galaxyparams.net.XceptionConfig;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkTrainerTest {
    private static TrainingOptions options(Path dir, int steps, boolean resume) {
        return TrainingOptions.builder("tiny", Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5)), org.galaxyparams.net.InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(64).batch(16).learningRate(1e-3f).totalSteps(steps)
                .validateEvery(10).patience(50).threads(1).resume(resume).outDir(dir).command("test").build();
    }

    @Test
    void trainsCheckpointsAndResumesWhereItStopped(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ModelCard first = new NetworkTrainer(options(dir, 20, false), new PrintStream(log)).run(() -> false);
        TrainingState s1 = TrainingState.read(dir.resolve("checkpoints/tiny-state.json"));
        assertEquals(20, s1.step());
        assertEquals(320, s1.samplesSeen());
        assertTrue(s1.nextCandidate() >= 320, "rejected candidates are skipped, never reused");
        assertEquals(Sha256.of(dir.resolve("tiny.params")), first.sha256());
        assertEquals(5, first.validation().size(), "RMSE per label");

        ModelCard second = new NetworkTrainer(options(dir, 30, true), new PrintStream(log)).run(() -> false);
        TrainingState s2 = TrainingState.read(dir.resolve("checkpoints/tiny-state.json"));
        assertEquals(30, s2.step());
        assertEquals(480, s2.samplesSeen());
        assertEquals(2, s2.runs());
        assertTrue(log.toString().contains("Resumed tiny at step 20"), log.toString());
        assertTrue(Files.isRegularFile(dir.resolve("tiny.json")));
        assertTrue(second.training().stepsDone() >= 10);
    }

    /** A short run's warm-up is a fifth of it, so it reaches its peak rate; runs of 1,500 steps or more keep 300. */
    @Test
    void shortRunsWarmUpForAFifthOfTheirSteps(@TempDir Path dir) throws Exception {
        assertEquals(300, NetworkTrainer.warmupSteps(100_000));
        assertEquals(300, NetworkTrainer.warmupSteps(1_500));
        assertEquals(8, NetworkTrainer.warmupSteps(40));
        assertEquals(1, NetworkTrainer.warmupSteps(3));
        ModelCard card = new NetworkTrainer(options(dir, 20, false), new PrintStream(new ByteArrayOutputStream())).run(() -> false);
        assertTrue(card.training().schedule().startsWith("warm-up 4 steps, cosine to 5% at step 20"), card.training().schedule());
    }

    private static TrainingOptions options(Path dir, int steps, boolean resume, boolean augment) {
        return TrainingOptions.builder("tiny", Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5)), org.galaxyparams.net.InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3")
                .validationSeed(6).validationSize(32).batch(8).learningRate(3e-3f).totalSteps(steps)
                .validateEvery(4).patience(50).threads(1).resume(resume).outDir(dir).command("test")
                .augment(augment).build();
    }

    /**
     * A run stopped at step 12 and resumed to 24 ends with the weights of an uninterrupted 24-step run: the same
     * batches (plain, and augmented windows cut mid-window), Adam's moments and counts, the same learning rates.
     * Without the saved moments the weights differ, which shows the comparison can tell.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void anInterruptedAndResumedRunEqualsAnUninterruptedOne(boolean augment, @TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts"), noAdam = dir.resolve("no-adam");
        new NetworkTrainer(options(whole, 24, false, augment), quiet).run(() -> false);
        for (Path d : new Path[] {parts, noAdam}) {
            int[] calls = {0};
            new NetworkTrainer(options(d, 24, false, augment), quiet).run(() -> calls[0]++ >= 12); // stops at step 12
            assertEquals(12, TrainingState.read(d.resolve("checkpoints/tiny-state.json")).step());
        }
        // a kill while the next checkpoint (step 16) was being written: its files exist, the state still names step 12
        Files.write(parts.resolve("checkpoints/tiny-step16.params"), new byte[] {1, 2, 3});
        Files.write(parts.resolve("checkpoints/tiny-step16-adam.bin"), new byte[] {4, 5});
        Files.delete(noAdam.resolve("checkpoints/tiny-step12-adam.bin"));
        Files.delete(noAdam.resolve("checkpoints/tiny-adam.bin"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new NetworkTrainer(options(parts, 24, true, augment), new PrintStream(log)).run(() -> false);
        new NetworkTrainer(options(noAdam, 24, true, augment), quiet).run(() -> false);
        assertTrue(log.toString().contains("with Adam's moments"), log.toString());
        try (var files = Files.list(parts.resolve("checkpoints"))) {
            assertEquals(List.of("tiny-adam.bin", "tiny-last.params", "tiny-state.json", "tiny-step24-adam.bin", "tiny-step24.params"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "one generation of checkpoint files");
        }
        float[] a = weights(whole), b = weights(parts), c = weights(noAdam);
        double same = 0, other = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            same = Math.max(same, Math.abs(a[i] - b[i]));
            other = Math.max(other, Math.abs(a[i] - c[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        // Here the two runs agree bit for bit (same = 0); in one full CI run (of several) they differed by 5.7e-5 of the
        // scale, a last-bit difference in one of PyTorch's CPU kernels amplified over 12 Adam steps. A resume that loses
        // Adam's moments differs by 1.2e-2 to 5e-2 of the scale (measured, both cases). The bounds sit 5x above the one
        // and 4x below the other.
        assertTrue(same <= 3e-4 * scale, "resumed run differs from the uninterrupted one by " + same + " (scale " + scale + ")");
        assertTrue(other > 3e-3 * scale, "without Adam's moments the run should differ; it differs by " + other);
    }

    /** Multiplies the last layer's weights by {@code factor}: finite, far-off outputs, as a collapsed network gives. */
    private static void breakLastLayer(ai.djl.nn.Block block, float factor) {
        var params = block.getParameters();
        ai.djl.ndarray.NDArray w = params.get(params.size() - 2).getValue().getArray();
        w.muli(factor);
    }

    /**
     * A validation loss over 4x the best writes no checkpoint: the run goes back to the last one (step 8, with Adam's
     * moments) and goes on with the images after step 12's, so it ends at its last step having seen 4 more batches, and
     * the best model is the one before the collapse or a later, better one.
     */
    @Test
    void aCollapseGoesBackToTheLastCheckpointWithoutReplayingItsBatches(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path whole = dir.resolve("whole"), broken = dir.resolve("broken");
        NetworkTrainer plain = new NetworkTrainer(options(whole, 16, false, false), quiet);
        plain.collapseCheckFrom(0);
        plain.run(() -> false);
        TrainingState uninterrupted = TrainingState.read(whole.resolve("checkpoints/tiny-state.json"));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        NetworkTrainer t = new NetworkTrainer(options(broken, 16, false, false), new PrintStream(log, true));
        t.collapseCheckFrom(0);
        boolean[] once = {false};
        t.afterStep((block, step) -> {
            if (step == 10 && !once[0]) { once[0] = true; breakLastLayer(block, 1e4f); }
        });
        ModelCard card = t.run(() -> false);
        String text = log.toString();
        assertTrue(text.contains("validation at step 12") && text.contains("the training collapsed. Back to the checkpoint of step 8"), text);
        assertTrue(text.contains("Resumed tiny at step 8") && text.contains("with Adam's moments"), text);
        TrainingState end = TrainingState.read(broken.resolve("checkpoints/tiny-state.json"));
        assertEquals(16, end.step());
        assertEquals(uninterrupted.samplesSeen() + 4L * 8, end.samplesSeen(), "the 4 steps after the checkpoint were trained and thrown away");
        assertTrue(end.nextCandidate() > uninterrupted.nextCandidate(), "the stream moved on: " + end.nextCandidate() + " vs " + uninterrupted.nextCandidate());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("validation at step 12: loss ([0-9.e+]+), ").matcher(text);
        assertTrue(m.find(), text);
        assertTrue(end.bestLoss() * NetworkTrainer.COLLAPSE_FACTOR < Double.parseDouble(m.group(1)), "the best model is not the collapsed one: " + end.bestLoss());
        assertEquals(end.bestStep(), ModelCard.read(broken.resolve("tiny.json")).training().bestStep());
        assertEquals(Sha256.of(broken.resolve("tiny.params")), card.sha256());
    }

    /** A non-finite loss stops the run as a failure (not "Best model ..."), keeping the last checkpoint and the best model. */
    @Test
    void aDivergedRunFailsAndKeepsTheLastGoodFiles(@TempDir Path dir) throws Exception {
        NetworkTrainer t = new NetworkTrainer(options(dir, 16, false, false), new PrintStream(new ByteArrayOutputStream(), true));
        t.afterStep((block, step) -> { if (step == 6) breakLastLayer(block, Float.NaN); });
        IOException e = assertThrows(IOException.class, () -> t.run(() -> false));
        assertTrue(e.getMessage().contains("diverged: non-finite loss at step ") && e.getMessage().contains("--resume with a lower --lr"),
                e.getMessage());
        assertEquals(4, TrainingState.read(dir.resolve("checkpoints/tiny-state.json")).step(), "the checkpoint before it");
        String sha = ModelCard.read(dir.resolve("tiny.json")).sha256();
        assertEquals(sha, Sha256.of(dir.resolve("tiny.params")), "the best model, whole");
    }

    /** A run that collapses again after each rollback stops after three, keeping the last good checkpoint, and says so. */
    @Test
    void aRunThatKeepsCollapsingStopsWithTheReason(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        NetworkTrainer t = new NetworkTrainer(options(dir, 16, false, false), new PrintStream(log, true));
        t.collapseCheckFrom(0);
        t.afterStep((block, step) -> { if (step > 4) breakLastLayer(block, 10f); });
        IOException e = assertThrows(IOException.class, () -> t.run(() -> false));
        assertTrue(e.getMessage().contains("collapsed 3 times in a row") && e.getMessage().contains("lower --lr"), e.getMessage());
        assertEquals(3, log.toString().split("the training collapsed", -1).length - 1, log.toString());
        TrainingState kept = TrainingState.read(dir.resolve("checkpoints/tiny-state.json"));
        assertEquals(4, kept.step());
        assertTrue(Files.isRegularFile(dir.resolve("checkpoints/tiny-step4.params")));
        assertEquals(4, ModelCard.read(dir.resolve("tiny.json")).training().bestStep());
    }

    @Test
    void aFreshRunNeverReplacesAnExistingModelUnlessAsked(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, 4, false, false), quiet).run(() -> false);
        String sha = Sha256.of(dir.resolve("tiny.params"));
        IOException e = assertThrows(IOException.class, () -> new NetworkTrainer(options(dir, 4, false, false), quiet).run(() -> false));
        assertTrue(e.getMessage().contains("A model named tiny already exists") && e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals(sha, Sha256.of(dir.resolve("tiny.params")), "the existing model is untouched");
        TrainingOptions o = options(dir, 4, false, false);
        TrainingOptions replace = o.toBuilder().overwrite(true).build();
        Files.delete(dir.resolve("checkpoints/tiny-state.json")); // a fresh run, not a resume
        new NetworkTrainer(replace, quiet).run(() -> false);
    }

    @Test
    void aResumeWithAnotherArchitectureOrPriorIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new NetworkTrainer(options(dir, 8, false, false), quiet).run(() -> false);
        TrainingOptions o = options(dir, 16, true, false);
        TrainingOptions wider = o.toBuilder().architecture(Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 12, 3, 8, 5))).build();
        IOException e = assertThrows(IOException.class, () -> new NetworkTrainer(wider, quiet).run(() -> false));
        assertTrue(e.getMessage().startsWith("Cannot resume tiny: it was trained as"), e.getMessage());
        TrainingOptions otherPrior = o.toBuilder().data(SimulationConfig.of(Preset.DATASET1, 5)).presetId("dataset1").build();
        e = assertThrows(IOException.class, () -> new NetworkTrainer(otherPrior, quiet).run(() -> false));
        assertTrue(e.getMessage().contains("trained on prior dataset3, this run asks for dataset1"), e.getMessage());
        TrainingOptions weighted = o.toBuilder().labelWeights(LabelWeights.of(40, 1, 1, 1, 1)).build();
        e = assertThrows(IOException.class, () -> new NetworkTrainer(weighted, quiet).run(() -> false));
        assertTrue(e.getMessage().contains("L2 weighted per label (flux=40,"), e.getMessage());
        // other draws: the card would call them the whole run's, and the best loss would compare other validation sets
        TrainingOptions otherDraws = o.toBuilder().data(SimulationConfig.of(Preset.DATASET3, 9)).validationSeed(7).augment(true).build();
        e = assertThrows(IOException.class, () -> new NetworkTrainer(otherDraws, quiet).run(() -> false));
        assertTrue(e.getMessage().contains("--seed 5 (this run 9), --validation-seed 6 (this run 7), no --augment (this run with it)"),
                e.getMessage());
        // the same run resumed further (more --steps) is still accepted
        assertNotNull(new NetworkTrainer(o, quiet).run(() -> false));
    }

    private static float[] weights(Path dir) throws Exception {
        return SavedWeights.values(Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5)).build(),
                new ai.djl.ndarray.types.Shape(1, 3, 64, 64), dir.resolve("checkpoints/tiny-last.params"));
    }


    @Test
    void scheduleWarmsUpThenDecaysAndContinuesAcrossRuns() {
        CosineSchedule a = new CosineSchedule(1e-3f, 0.05f, 1000, 100, 0);
        assertEquals(1e-5f, a.getNewValue(0), 1e-9f);
        assertEquals(1e-3f, a.getNewValue(100), 1e-7f);
        assertEquals(0.05e-3f, a.getNewValue(1000), 1e-8f);
        CosineSchedule resumed = new CosineSchedule(1e-3f, 0.05f, 1000, 100, 400);
        assertEquals(a.getNewValue(450), resumed.getNewValue(50), 1e-9f);
        CosineSchedule constant = new CosineSchedule(1e-3f, 1f, 1000, 100, 0);
        for (int step : new int[] {100, 333, 999, 1000}) assertEquals(1e-3f, constant.getNewValue(step), 0f, "step " + step);
        assertEquals("warm-up 100 steps, then constant to step 1000", CosineSchedule.describe(100, 1f, 1000));
        assertEquals("warm-up 100 steps, cosine to 2.5% at step 1000", CosineSchedule.describe(100, 0.025f, 1000));
    }

    /**
     * --keep-checkpoints keeps every checkpoint's weights (the snapshots a weight average takes), and only those: the
     * optimizer state is still kept once. --lr-final 1 is written on the card as a constant rate.
     */
    @Test
    void keptCheckpointsAreEveryValidationsWeights(@TempDir Path dir) throws Exception {
        TrainingOptions o = options(dir, 12, false, false).toBuilder().keepCheckpoints(true).finalLearningRateFraction(1f).build();
        ModelCard card = new NetworkTrainer(o, new PrintStream(new ByteArrayOutputStream())).run(() -> false);
        try (var files = Files.list(dir.resolve("checkpoints"))) {
            assertEquals(List.of("tiny-adam.bin", "tiny-last.params", "tiny-state.json", "tiny-step12-adam.bin", "tiny-step12.params",
                    "tiny-step4.params", "tiny-step8.params"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(card.training().schedule().startsWith("warm-up 2 steps, then constant to step 12"), card.training().schedule());
        assertThrows(IllegalArgumentException.class, () -> options(dir, 12, false, false).toBuilder().finalLearningRateFraction(1.5f).build());

        // a fresh run under the same name would leave the old snapshots among its own: refused, or deleted with --overwrite
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("checkpoints"));
        Files.write(other.resolve("checkpoints/tiny-step8.params"), new byte[] {1});
        Files.write(other.resolve("checkpoints/tiny-step8-adam.bin"), new byte[] {1});
        Files.write(other.resolve("checkpoints/tiny-2-step8.params"), new byte[] {1}); // another run's: kept
        TrainingOptions again = options(other, 4, false, false).toBuilder().keepCheckpoints(true).build();
        IOException mixed = assertThrows(IOException.class, () -> new NetworkTrainer(again, new PrintStream(new ByteArrayOutputStream())).run(() -> false));
        assertTrue(mixed.getMessage().contains("tiny-step8") && mixed.getMessage().contains("mix"), mixed.getMessage());
        new NetworkTrainer(again.toBuilder().overwrite(true).build(), new PrintStream(new ByteArrayOutputStream())).run(() -> false);
        try (var files = Files.list(other.resolve("checkpoints"))) {
            List<String> left = files.map(f -> f.getFileName().toString()).sorted().toList();
            // the old run's weights and its leftover optimizer state are gone; this run's single step-4 checkpoint remains
            assertEquals(List.of("tiny-2-step8.params", "tiny-adam.bin", "tiny-last.params", "tiny-state.json", "tiny-step4-adam.bin",
                    "tiny-step4.params"), left);
        }
    }
}
