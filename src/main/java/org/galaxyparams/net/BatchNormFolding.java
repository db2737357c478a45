package org.galaxyparams.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * An inference copy of a trained Xception with each BatchNorm folded into the convolution before it.
 *
 * <p>At inference a BatchNorm is a fixed affine map per channel c: y = (x - mean_c) a_c + beta_c with
 * a_c = gamma_c / sqrt(var_c + eps). The convolution before it is linear in its weights, so scaling output channel
 * c's kernel by a_c and giving it the bias beta_c - mean_c a_c (plus a_c times any bias it had) computes the same
 * function in one pass over the activations instead of two. The folded weights are computed in double and rounded
 * once to float: the outputs differ from the unfolded network by float rounding only, which the plain-Java check of
 * every batch ({@link ForwardCheck}, against the unfolded weights) keeps watching.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    /**
     * A new block for {@code c} without BatchNorms, initialised on {@code manager} for inputs of {@code channels} x
     * {@code size} x {@code size}, holding {@code trained}'s weights with its BatchNorms folded in.
     */
    public static Block folded(XceptionConfig c, Block trained, NDManager manager, int channels, int size) {
        List<float[]> values = foldedValues(trained.getParameters());
        Block folded = Networks.xceptionFolded(c);
        folded.initialize(manager, DataType.FLOAT32, new Shape(1, channels, size, size));
        PairList<String, Parameter> target = folded.getParameters();
        if (target.size() != values.size())
            throw new IllegalStateException("Folding gave " + values.size() + " weight tensors; the folded network has " + target.size());
        for (int i = 0; i < values.size(); i++) {
            NDArray a = target.get(i).getValue().getArray();
            if (a.size() != values.get(i).length)
                throw new IllegalStateException("Folded weight " + target.get(i).getKey() + " needs " + a.size() + " values, got "
                        + values.get(i).length);
            a.set(values.get(i));
        }
        return folded;
    }

    /**
     * The weights in the folded network's order: each convolution followed by a BatchNorm becomes its scaled kernel
     * and a bias; every other tensor is copied.
     */
    static List<float[]> foldedValues(PairList<String, Parameter> trained) {
        List<float[]> out = new ArrayList<>();
        List<Parameter> p = new ArrayList<>();
        for (Pair<String, Parameter> e : trained) p.add(e.getValue());
        for (int i = 0; i < p.size(); i++) {
            Parameter w = p.get(i);
            boolean hasBias = i + 1 < p.size() && p.get(i + 1).getType() == Parameter.Type.BIAS;
            int norm = i + (hasBias ? 2 : 1);
            boolean foldable = w.getType() == Parameter.Type.WEIGHT && w.getArray().getShape().dimension() == 4
                    && norm + 3 < p.size() && p.get(norm).getType() == Parameter.Type.GAMMA;
            if (!foldable) {
                out.add(w.getArray().toFloatArray());
                continue;
            }
            float[] kernel = w.getArray().toFloatArray();
            float[] bias = hasBias ? p.get(i + 1).getArray().toFloatArray() : null;
            float[] gamma = p.get(norm).getArray().toFloatArray(), beta = p.get(norm + 1).getArray().toFloatArray();
            float[] mean = p.get(norm + 2).getArray().toFloatArray(), var = p.get(norm + 3).getArray().toFloatArray();
            int outChannels = gamma.length, per = kernel.length / outChannels;
            float[] k2 = new float[kernel.length], b2 = new float[outChannels];
            for (int o = 0; o < outChannels; o++) {
                double a = gamma[o] / Math.sqrt(var[o] + PlainForward.BATCH_NORM_EPSILON);
                for (int j = 0; j < per; j++) k2[o * per + j] = (float) (kernel[o * per + j] * a);
                b2[o] = (float) (((bias == null ? 0 : bias[o]) - mean[o]) * a + beta[o]);
            }
            out.add(k2);
            out.add(b2);
            i = norm + 3;
        }
        return out;
    }
}
