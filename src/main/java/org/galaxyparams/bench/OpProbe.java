package org.galaxyparams.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.galaxyparams.net.DjlRuntime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Throwaway probe: time and page faults per op. */
public final class OpProbe {
    static long faults() throws Exception {
        String[] f = Files.readString(Path.of("/proc/self/stat")).split(" ");
        return Long.parseLong(f[9]);
    }

    public static void main(String[] a) throws Exception {
        DjlRuntime.configureThreads(Integer.parseInt(a[0]));
        DjlRuntime.engine();
        int batch = Integer.parseInt(a[1]);
        Block[] blocks = {
            Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).build(),
            Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(64).optGroups(64).build(),
            Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(64).build(),
            BatchNorm.builder().build(),
            Activation.seluBlock(),
        };
        String[] names = {"conv3x3", "depthwise3x3", "pointwise", "batchnorm", "selu"};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(batch, 64, 32, 32));
            for (int b = 0; b < blocks.length; b++) {
                try (Model model = Model.newInstance("p")) {
                    model.setBlock(blocks[b]);
                    blocks[b].initialize(model.getNDManager(), DataType.FLOAT32, x.getShape());
                    ParameterStore ps = new ParameterStore(model.getNDManager(), false);
                    for (int w = 0; w < 3; w++) try (NDManager s = m.newSubManager()) { blocks[b].forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(); }
                    long f0 = faults(); long t0 = System.nanoTime(); int reps = 10;
                    for (int r = 0; r < reps; r++) try (NDManager s = m.newSubManager()) {
                        NDArray y = blocks[b].forward(ps, new NDList(x), false).singletonOrThrow();
                        y.tempAttach(s);
                    }
                    System.out.printf("%-13s batch %d: %.2f ms, %d faults per call%n", names[b], batch,
                            (System.nanoTime() - t0) / 1e6 / reps, (faults() - f0) / reps);
                }
            }
        }
    }
}
