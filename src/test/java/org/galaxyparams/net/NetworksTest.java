package org.galaxyparams.net;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class NetworksTest {
    private static float[] forward(Architecture a, NDArray x) {
        Block b = a.build();
        try (Model m = Model.newInstance("t", ai.djl.Device.cpu(), DjlRuntime.ENGINE)) {
            m.setBlock(b);
            b.initialize(m.getNDManager(), DataType.FLOAT32, x.getShape());
            NDArray y = b.forward(new ParameterStore(m.getNDManager(), false), new NDList(x), false).singletonOrThrow();
            return y.toFloatArray();
        }
    }

    @Test
    void outputShapesOfTheThreeArchitectures() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
            assertEquals(2 * 5, forward(Architecture.SHIPPED_XCEPTION, x).length);
            assertEquals(2 * 64 * 64, forward(Architecture.SHIPPED_EDSR, x).length);
            assertEquals(2 * 64 * 64, forward(Architecture.SHIPPED_RDN, x).length);
        }
    }

    @Test
    void studyXceptionHasTheStudysParameterCountOrder() {
        DjlRuntime.engine();
        Block b = Architecture.of(XceptionConfig.STUDY).build();
        try (Model m = Model.newInstance("t", ai.djl.Device.cpu(), DjlRuntime.ENGINE)) {
            m.setBlock(b);
            b.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 64, 64));
            long params = b.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            // the study reports 109,304 (Keras); depthwise/pointwise bias and BN bookkeeping differ slightly
            assertTrue(params > 70_000 && params < 130_000, "parameters: " + params);
        }
    }

    @Test
    void pixelShuffleInvertsUnshuffle() {
        DjlRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 3 * 8 * 8).reshape(2, 3, 8, 8).toType(DataType.FLOAT32, false);
            NDArray u = Networks.unshuffle(x, 2);
            assertEquals(new Shape(2, 12, 4, 4), u.getShape());
            // channel 0 of the unshuffled image holds the even rows and even columns of channel 0
            assertEquals(x.getFloat(0, 0, 2, 4), u.getFloat(0, 0, 1, 2));
            assertEquals(x.getFloat(0, 0, 3, 5), u.getFloat(0, 3, 1, 2));
            assertArrayEquals(x.toFloatArray(), Networks.shuffle(u, 2).toFloatArray());
        }
    }
}
