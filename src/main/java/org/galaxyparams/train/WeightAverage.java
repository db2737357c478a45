package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.net.Architecture;

/**
 * Stochastic weight averaging (Izmailov et al. 2018): the weights of several snapshots of one training run, averaged
 * value by value. At a learning rate held constant the iterates keep moving around the low region of the loss they
 * reached, each on its far side from the others; their mean lies nearer the middle, where the loss is lower and flatter,
 * which a single iterate (or a cosine cycle's last) does not reach.
 *
 * <p>Only learnable parameters are averaged. BatchNorm's running statistics describe the activations of one set of
 * weights, and the mean network's activations are not the mean of the snapshots' (the layers are not linear), so they
 * must be recomputed for the averaged weights ({@link PreciseBatchNorm}).
 */
public final class WeightAverage {
    private WeightAverage() {}

    /**
     * Sets every learnable parameter of {@code block} to the mean over {@code snapshots}, weight files of
     * {@code savedAs} (input {@code savedShape}); its BatchNorm running statistics are left as the last snapshot's.
     */
    static void average(Block block, Architecture savedAs, Shape savedShape, List<Path> snapshots) throws IOException {
        if (snapshots.isEmpty()) throw new IllegalArgumentException("no snapshots to average");
        List<NDArray> learnable = new ArrayList<>();
        for (var p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) learnable.add(p.getValue().getArray());
        }
        double[][] sums = new double[learnable.size()][];
        for (int i = 0; i < sums.length; i++) sums[i] = new double[Math.toIntExact(learnable.get(i).size())];
        for (Path snapshot : snapshots) {
            NetworkTrainer.copyWeightsInPlace(block, savedAs, savedShape, snapshot);
            for (int i = 0; i < sums.length; i++) {
                float[] v = learnable.get(i).toFloatArray();
                for (int j = 0; j < v.length; j++) sums[i][j] += v[j];
            }
        }
        for (int i = 0; i < sums.length; i++) {
            float[] mean = new float[sums[i].length];
            for (int j = 0; j < mean.length; j++) mean[j] = (float) (sums[i][j] / snapshots.size());
            learnable.get(i).set(mean);
        }
    }

    /**
     * The files a comma-separated list names; an entry with '*', '?' or '[' in its file name is a glob in its folder. Sorted by
     * name within a glob, so the list (and the card that quotes it) does not depend on the file system's order.
     */
    public static List<Path> files(String list) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String entry : list.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) continue;
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            if (name.contains("*") || name.contains("?") || name.contains("[")) {
                Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
                PathMatcher m = dir.getFileSystem().getPathMatcher("glob:" + name);
                List<Path> found;
                try (var s = Files.list(dir)) {
                    found = s.filter(f -> m.matches(f.getFileName())).sorted().toList();
                } catch (java.nio.file.NoSuchFileException x) {
                    throw new IOException("Snapshot folder " + dir + " does not exist");
                }
                if (found.isEmpty()) throw new IOException("No snapshot matches " + e);
                out.addAll(found);
            } else {
                if (!Files.isRegularFile(p)) throw new IOException("Snapshot " + p + " does not exist");
                out.add(p);
            }
        }
        if (out.isEmpty()) throw new IOException("No snapshots named in '" + list + "'");
        return out;
    }
}
