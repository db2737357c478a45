package org.galaxyparams.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.dataset.Batch;
import org.galaxyparams.net.*;

/** Throwaway probe: forward and training-step speed of candidate sizes. */
public final class NetworkProbe {
    public static void main(String[] a) {
        DjlRuntime.configureThreads(Integer.parseInt(a[0]));
        DjlRuntime.engine();
        String kind = a[1];
        int[] p = new int[a.length - 2];
        for (int i = 2; i < a.length; i++) p[i - 2] = Integer.parseInt(a[i]);
        Block block; int outC; boolean dense;
        switch (kind) {
            case "x": block = Networks.xception(new XceptionConfig(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], 5)); outC = 5; break;
            case "e": block = Networks.edsr(new EdsrConfig(3, p[0], p[1], 0.1f, p[2])); outC = 1; p = new int[]{3}; break;
            default: block = Networks.rdn(new RdnConfig(3, p[0], p[1], p[2], p[3], p[4])); outC = 1; p = new int[]{3}; break;
        }
        int ch = p[0];
        try (Model model = Model.newInstance("probe"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, ch, 64, 64));
            long params = 0;
            for (var pp : block.getParameters()) params += pp.getValue().getArray().size();
            System.out.println(kind + " params " + params);
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            for (int batch : new int[]{64}) {
                NDArray x = m.randomNormal(new Shape(batch, ch, 64, 64));
                for (int w = 0; w < 2; w++) try (NDManager sub = m.newSubManager()) { ps = new ParameterStore(sub, false); block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(); }
                long t0 = System.nanoTime(); int reps = 5;
                for (int r = 0; r < reps; r++) try (NDManager sub = m.newSubManager()) { ps = new ParameterStore(sub, false); block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray(); }
                double s = (System.nanoTime() - t0) / 1e9 / reps;
                System.out.printf("forward batch %d: %.1f stamps/s%n", batch, batch / s);
            }
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer tr = model.newTrainer(cfg)) {
                int batch = 32;
                NDArray x = m.randomNormal(new Shape(batch, ch, 64, 64));
                NDArray y = outC == 5 ? m.randomNormal(new Shape(batch, 5)) : m.randomNormal(new Shape(batch, 1, 64, 64));
                int reps = 6; long t0 = 0;
                for (int r = 0; r < reps; r++) {
                    if (r == 2) t0 = System.nanoTime();
                    try (GradientCollector gc = tr.newGradientCollector()) {
                        NDArray out = tr.forward(new NDList(x)).singletonOrThrow();
                        NDArray l = tr.getLoss().evaluate(new NDList(y), new NDList(out));
                        gc.backward(l);
                    }
                    tr.step();
                }
                double s = (System.nanoTime() - t0) / 1e9 / (reps - 2);
                System.out.printf("train step batch 32: %.3f s (%.0f stamps/s)%n", s, batch / s);
            }
        }
    }
}
