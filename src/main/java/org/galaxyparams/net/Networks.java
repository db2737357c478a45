package org.galaxyparams.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

import java.util.List;

/** Builds the DJL blocks of the regressor and the denoisers. Input layout NCHW. */
public final class Networks {
    private Networks() {}

    /** The Xception regressor: NCHW stamps in, (N, outputs) scaled labels out. */
    public static Block xception(XceptionConfig c) {
        return xception(c, false);
    }

    /**
     * The Xception regressor for inference only: every BatchNorm folded into the convolution before it, which then
     * has a bias ({@link BatchNormFolding} computes the weights). The same function in fewer passes over memory.
     */
    public static Block xceptionFolded(XceptionConfig c) {
        return xception(c, true);
    }

    // the trained layout must stay as it is: DJL's parameter files follow the nesting of the blocks
    private static Block xception(XceptionConfig c, boolean folded) {
        SequentialBlock net = new SequentialBlock();
        normed(net, conv(c.entryFilters(), c.entryKernel(), 2, folded), folded).add(Activation.seluBlock());
        for (int i = 0; i < c.poolAfterEntry(); i++)
            net.add(c.unshuffleEntry() ? unshuffleBlock(2) : Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        int channels = c.channelsAfterEntry();
        for (int b = 0; b < c.blocks(); b++) {
            SequentialBlock branch = new SequentialBlock().add(Activation.seluBlock());
            normed(branch, separable(channels, c.blockFilters(), c.kernel(), folded), folded).add(Activation.seluBlock());
            normed(branch, separable(c.blockFilters(), c.blockFilters(), c.kernel(), folded), folded);
            Block shortcut = channels == c.blockFilters() ? Blocks.identityBlock()
                    : normed(new SequentialBlock(), conv(c.blockFilters(), 1, 1, folded), folded);
            net.add(residual(shortcut, branch));
            channels = c.blockFilters();
        }
        normed(net, separable(channels, c.exitFilters(), c.kernel(), folded), folded)
                .add(Activation.seluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)))
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(c.outputs()).build());
        return net;
    }

    /** Adds {@code linear} to {@code seq}, then a BatchNorm unless it is folded into {@code linear}. */
    private static SequentialBlock normed(SequentialBlock seq, Block linear, boolean folded) {
        seq.add(linear);
        return folded ? seq : seq.add(BatchNorm.builder().build());
    }

    /** EDSR denoiser: image + tail(body(head(input))), body = scaled residual blocks + skip. */
    public static Block edsr(EdsrConfig c) {
        SequentialBlock body = new SequentialBlock();
        for (int b = 0; b < c.blocks(); b++) {
            float scale = c.residualScale();
            SequentialBlock branch = new SequentialBlock()
                    .add(conv(c.filters(), 3, 1, true))
                    .add(Activation.reluBlock())
                    .add(conv(c.filters(), 3, 1, true));
            if (scale != 1f) branch.add(x -> new NDList(x.singletonOrThrow().mul(scale)));
            body.add(residual(Blocks.identityBlock(), branch));
        }
        body.add(conv(c.filters(), 3, 1, true));
        SequentialBlock net = new SequentialBlock()
                .add(conv(c.filters(), 3, 1, true))
                .add(residual(Blocks.identityBlock(), body));
        return denoiser(net, c.downscale());
    }

    /** Residual dense network denoiser with a global skip from input to output. */
    public static Block rdn(RdnConfig c) {
        SequentialBlock deep = new SequentialBlock()
                .add(conv(c.features(), 3, 1, true))
                .add(new RdnBody(c));
        SequentialBlock net = new SequentialBlock()
                .add(conv(c.features(), 3, 1, true))
                .add(residual(Blocks.identityBlock(), deep));
        return denoiser(net, c.downscale());
    }

    /**
     * Wraps a feature trunk as a denoiser: optional pixel unshuffle by {@code r}, the trunk, a 3x3 conv to
     * r*r maps, pixel shuffle back to one image, plus the input's first channel (global skip).
     */
    static Block denoiser(Block trunk, int r) {
        SequentialBlock path = new SequentialBlock();
        if (r > 1) path.add(unshuffleBlock(r));
        // the last conv starts at zero, so an untrained denoiser returns its input and learns the correction
        Block last = conv(r * r, 3, 1, true);
        last.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, ai.djl.nn.Parameter.Type.WEIGHT);
        path.add(trunk).add(last);
        if (r > 1) path.add(x -> new NDList(shuffle(x.singletonOrThrow(), r)));
        Block image = new ai.djl.nn.LambdaBlock(x -> new NDList(x.singletonOrThrow().get(":, 0:1, :, :")));
        return residual(image, path);
    }

    /** A parameterless block that unshuffles by {@code r}: the regressor's lossless entry and the denoisers' grid. */
    private static Block unshuffleBlock(int r) {
        return new ai.djl.nn.LambdaBlock(x -> new NDList(unshuffle(x.singletonOrThrow(), r)));
    }

    /** (N, C, H, W) to (N, C*r*r, H/r, W/r). */
    static NDArray unshuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, h / r, r, w / r, r).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * r * r, h / r, w / r);
    }

    /** (N, C*r*r, H, W) to (N, C, H*r, W*r); inverse of {@link #unshuffle}. */
    public static NDArray shuffle(NDArray x, int r) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1) / (r * r), h = s.get(2), w = s.get(3);
        return x.reshape(n, c, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * r, w * r);
    }

    /** One residual dense block: dense conv-ReLU layers, 1x1 local fusion, local skip. */
    static Block residualDenseBlock(RdnConfig c) {
        SequentialBlock dense = new SequentialBlock();
        for (int l = 0; l < c.layers(); l++) {
            Block layer = new SequentialBlock().add(conv(c.growth(), 3, 1, true)).add(Activation.reluBlock());
            dense.add(new ParallelBlock(Networks::concatChannels, List.of(Blocks.identityBlock(), layer)));
        }
        dense.add(conv(c.features(), 1, 1, true));
        return residual(Blocks.identityBlock(), dense);
    }

    static Block residual(Block shortcut, Block branch) {
        return new ParallelBlock(Networks::sum, List.of(shortcut, branch));
    }

    /**
     * Depthwise k x k convolution then pointwise 1 x 1 to {@code out} filters; the pointwise one has a bias only when
     * a BatchNorm was folded into it (otherwise the BatchNorm that follows does that job).
     */
    static Block separable(int in, int out, int kernel, boolean pointwiseBias) {
        return new SequentialBlock()
                .add(AlignedConv2d.of(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                        .setFilters(in).optGroups(in).optBias(false)))
                .add(conv(out, 1, 1, pointwiseBias));
    }

    /** A k x k convolution, padded to keep the side at stride 1: every dense convolution the networks build. */
    public static Block conv(int filters, int kernel, int stride, boolean bias) {
        return AlignedConv2d.of(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(bias));
    }

    static NDList sum(List<NDList> parts) {
        return new NDList(parts.get(0).singletonOrThrow().add(parts.get(1).singletonOrThrow()));
    }

    static NDList concatChannels(List<NDList> parts) {
        NDList all = new NDList();
        for (NDList p : parts) all.add(p.singletonOrThrow());
        NDArray joined = NDArrays.concat(all, 1);
        return new NDList(joined);
    }
}
