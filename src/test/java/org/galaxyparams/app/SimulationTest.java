package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
    @Test
    void theFileAndTheSinkGetTheSameSamplesAndACancelWritesNothing(@TempDir Path dir) throws Exception {
        SimulationConfig c = SimulationConfig.of(Preset.DATASET3, 9);
        DatasetInfo info = DatasetInfo.forSimulation(c, "dataset3", "test");
        Path f = dir.resolve("d.fits");
        List<Sample> seen = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        assertEquals(6, Simulation.run(c, 6, 2, info, f, true, seen::add, Monitor.of((d, t) -> progress.add(d), () -> false, m -> {})));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), progress);
        try (DatasetReader r = DatasetReader.open(f)) {
            assertEquals(6, r.count());
            for (int i = 0; i < 6; i++) assertArrayEquals(seen.get(i).noisy(), r.noisy(i));
        }
        Path g = dir.resolve("g.fits");
        long[] made = {0};
        assertThrows(CancellationException.class,
                () -> Simulation.run(c, 50, 2, info, g, true, null, Monitor.of((d, t) -> made[0] = d, () -> made[0] >= 10, m -> {})));
        assertEquals(10, made[0], "stopped at the next sample after the cancel");
        assertFalse(Files.exists(g));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }
}
