package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return new TrainingOptions("tiny", Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5)), org.galaxyparams.net.InputEncoding.STUDY,
                SimulationConfig.of(Preset.DATASET3, 5), "dataset3", 6, 64, 16, 1e-3f, steps, 10, 50, 0, 1, resume, dir, "test");
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

    @Test
    void scheduleWarmsUpThenDecaysAndContinuesAcrossRuns() {
        CosineSchedule a = new CosineSchedule(1e-3f, 0.05f, 1000, 100, 0);
        assertEquals(1e-5f, a.getNewValue(0), 1e-9f);
        assertEquals(1e-3f, a.getNewValue(100), 1e-7f);
        assertEquals(0.05e-3f, a.getNewValue(1000), 1e-8f);
        CosineSchedule resumed = new CosineSchedule(1e-3f, 0.05f, 1000, 100, 400);
        assertEquals(a.getNewValue(450), resumed.getNewValue(50), 1e-9f);
    }
}
