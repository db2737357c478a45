package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.galaxyparams.net.DjlRuntime;

/** Tests' reading of saved weights: every value of a parameter file, in the block's order, and their comparison. */
final class SavedWeights {
    private SavedWeights() {}

    /** All values of {@code file}, loaded into the fresh block {@code b} initialised for inputs of {@code shape}. */
    static float[] values(Block b, Shape shape, Path file) throws Exception {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), DjlRuntime.ENGINE);
             var in = new DataInputStream(Files.newInputStream(file))) {
            b.initialize(m, DataType.FLOAT32, shape);
            b.loadParameters(m, in);
            int n = 0;
            for (var p : b.getParameters()) n += (int) p.getValue().getArray().size();
            float[] out = new float[n];
            int at = 0;
            for (var p : b.getParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
            return out;
        }
    }

    /** {@code a} and {@code b} agree within {@code fraction} of {@code a}'s largest magnitude. */
    static void assertClose(float[] a, float[] b, double fraction) {
        assertEquals(a.length, b.length);
        double d = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(d <= fraction * scale, "differs by " + d + " (largest value " + scale + ")");
    }
}
