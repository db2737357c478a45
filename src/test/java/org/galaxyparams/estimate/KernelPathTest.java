package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped networks give the same outputs when oneDNN is held to older instruction sets (other convolution
 * kernels, as on other CPUs) and at another thread count: each child JVM's outputs on the probe inputs are
 * compared with this JVM's (default kernels, the test's thread count). On a CPU without the named instruction
 * set, oneDNN falls back further, which is still another path. Tolerance as in {@link ShippedNetworkDeterminismTest}.
 */
class KernelPathTest {
    @ParameterizedTest
    @CsvSource({"AVX2, 1", "AVX2, 2", "SSE41, 2", "AVX512_CORE, 1"})
    void sameOutputsOnOtherOneDnnKernels(String isa, int threads, @TempDir Path dir) throws Exception {
        float[] here = ForwardDumpMain.outputs();
        Path file = dir.resolve("out.bin");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                ForwardDumpMain.class.getName(), file.toString(), Integer.toString(threads)));
        for (String p : new String[] {"galaxyparams.models", "DJL_CACHE_DIR"})
            if (System.getProperty(p) != null) cmd.add(1, "-D" + p + "=" + System.getProperty(p));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("ONEDNN_MAX_CPU_ISA", isa);
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log.txt")));
        float[] there = new float[here.length];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            for (int i = 0; i < there.length; i++) there[i] = in.readFloat();
        }
        // compare per item: 5 outputs per regressor item, 64*64 per denoiser item
        int at = 0;
        for (String m : ForwardDumpMain.MODELS) {
            int per = m.startsWith("xception") ? 5 : 64 * 64;
            for (int i = 0; i < ForwardDumpMain.ITEMS; i++, at += per)
                ShippedNetworkDeterminismTest.assertClose(there, at, here, at, per, m + " with ONEDNN_MAX_CPU_ISA=" + isa + ", " + threads + " thread(s), item " + i);
        }
        assertEquals(here.length, at);
    }
}
