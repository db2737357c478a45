package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.GalaxyNetwork;
import org.galaxyparams.net.InputEncoding;
import org.galaxyparams.net.XceptionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightAverageTest {
    private static final Architecture TINY = Architecture.of(new XceptionConfig(3, 4, 3, 1, 1, 8, 3, 8, 5));
    private static final Shape SHAPE = new Shape(1, InputEncoding.STUDY.channels(), InputEncoding.STUDY.stampSize(), InputEncoding.STUDY.stampSize());

    /** Each parameter's values in block order, running statistics flagged apart. */
    private static List<float[]> values(Block b, boolean running) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if ((t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) == running) out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /**
     * Three snapshots (the second and third moved from the first by other affine maps of every value, running
     * statistics included): the learnable values become their mean, computed here in plain Java; the running
     * statistics stay the last snapshot's, to be recomputed.
     */
    @Test
    void learnableWeightsBecomeTheSnapshotsMeanAndRunningStatisticsAreNotAveraged(@TempDir Path dir) throws Exception {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
            Block b = TINY.build();
            b.initialize(m, DataType.FLOAT32, SHAPE);
            float[][] maps = {{1, 0}, {-2, 0.5f}, {0.5f, -0.25f}};
            List<Path> files = new ArrayList<>();
            List<List<float[]>> learnable = new ArrayList<>(), running = new ArrayList<>();
            float[][] original = new float[b.getParameters().size()][];
            for (int i = 0; i < original.length; i++) original[i] = b.getParameters().get(i).getValue().getArray().toFloatArray();
            for (int s = 0; s < maps.length; s++) {
                for (int i = 0; i < original.length; i++) {
                    float[] v = original[i].clone();
                    for (int j = 0; j < v.length; j++) v[j] = maps[s][0] * v[j] + maps[s][1] + 0.01f * j;
                    if (b.getParameters().get(i).getValue().getType() == Parameter.Type.RUNNING_VAR)
                        for (int j = 0; j < v.length; j++) v[j] = Math.abs(v[j]) + 1;
                    b.getParameters().get(i).getValue().getArray().set(v);
                }
                Path f = dir.resolve("snap" + s + ".params");
                GalaxyNetwork.saveParameters(b, f);
                files.add(f);
                learnable.add(values(b, false));
                running.add(values(b, true));
            }
            Block avg = TINY.build();
            avg.initialize(m, DataType.FLOAT32, SHAPE);
            WeightAverage.average(avg, TINY, SHAPE, files);
            List<float[]> got = values(avg, false);
            assertTrue(got.size() > 10, "the tiny network has convolutions, BatchNorm scales and a dense layer");
            for (int i = 0; i < got.size(); i++)
                for (int j = 0; j < got.get(i).length; j++) {
                    double want = (learnable.get(0).get(i)[j] + (double) learnable.get(1).get(i)[j] + learnable.get(2).get(i)[j]) / 3;
                    // one float rounding of the mean
                    assertEquals(want, got.get(i)[j], 1e-6 * (1 + Math.abs(want)), "parameter " + i + " value " + j);
                }
            List<float[]> stats = values(avg, true);
            assertEquals(running.get(2).size(), stats.size());
            for (int i = 0; i < stats.size(); i++) org.junit.jupiter.api.Assertions.assertArrayEquals(running.get(2).get(i), stats.get(i), 0f);
        }
    }

    /** Globs resolve in their folder, sorted by name; what names nothing is refused, naming the entry. */
    @Test
    void snapshotListsResolveGlobsInOrderAndNameWhatIsMissing(@TempDir Path dir) throws Exception {
        for (String n : new String[] {"r-step3000.params", "r-step1000.params", "r-step2000.params", "r-adam.bin"}) Files.write(dir.resolve(n), new byte[1]);
        List<Path> got = WeightAverage.files(dir.resolve("r-step*.params") + ", " + dir.resolve("r-adam.bin"));
        assertEquals(List.of("r-step1000.params", "r-step2000.params", "r-step3000.params", "r-adam.bin"),
                got.stream().map(p -> p.getFileName().toString()).toList());
        IOException none = assertThrows(IOException.class, () -> WeightAverage.files(dir.resolve("q-step*.params").toString()));
        assertTrue(none.getMessage().contains("q-step*.params"), none.getMessage());
        IOException missing = assertThrows(IOException.class, () -> WeightAverage.files(dir.resolve("r-step9.params").toString()));
        assertTrue(missing.getMessage().contains("r-step9.params"), missing.getMessage());
        assertThrows(IOException.class, () -> WeightAverage.files(" , "));
    }
}
