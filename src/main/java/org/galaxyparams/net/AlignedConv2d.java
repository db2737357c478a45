package org.galaxyparams.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution that hands oneDNN only channel counts that are whole multiples of 16, by padding the input,
 * the weights and (for the backward pass) the output with zero channels. The result is the same function: a zero
 * channel times any weight adds exactly zero, and the padded outputs are cut off again.
 *
 * <p>Why: on AMD Zen 5 (EPYC family 0x1A), PyTorch 2.5.1's oneDNN 3.5.3 computes 3x3 convolutions wrongly when a
 * reduced channel count has a tail that does not fill its vector block (16 floats for AVX-512, 8 for AVX2): the
 * forward pass when there are more input channels than one block and they do not fill the last (20, 24, 28, 36, 72),
 * and the input gradient whenever the output channels are not a multiple of 16 (1, 4, 8 and 24 included). Errors reach
 * the size of the outputs, and NaN appears (the kernel reads memory it never wrote). 1x1 and depthwise convolutions,
 * pooling, and PyTorch's own (non-oneDNN) path were right in every case measured, and so were all of them on Intel
 * AVX-512 and with {@code ONEDNN_MAX_CPU_ISA=SSE41}. Measured 2026-12-02, {@code AlignedConv2dTest} holds the cases.
 * Stored weights keep their trained shapes: only the arrays handed to the kernel grow, and only on the CPU.
 */
public final class AlignedConv2d extends Conv2d {
    /** Channel counts handed to the kernel are padded to a multiple of this (the AVX-512 float block). */
    static final int BLOCK = 16;
    /**
     * System property that turns the padding off ({@code -Dgalaxyparams.alignConvolutions=false}): only to measure its
     * cost on a CPU whose kernels are right; elsewhere the forward check then falls back to plain Java.
     */
    public static final String ALIGN_PROPERTY = "galaxyparams.alignConvolutions";
    private static final boolean ALIGN = !"false".equalsIgnoreCase(System.getProperty(ALIGN_PROPERTY));

    private AlignedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** A convolution as {@code builder} describes, aligned when it is a dense k x k one with k > 1. */
    public static Conv2d of(Conv2d.Builder builder) {
        return new AlignedConv2d(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = ps.getValue(weight, device, training);
        NDArray b = includeBias ? ps.getValue(bias, device, training) : null;
        int in = (int) x.getShape().get(1);
        int out = filters;
        int inPadded = paddedInputChannels(in);
        // the input gradient is a convolution reduced over the output channels: pad them whenever training (DJL's
        // arrays do not tell reliably whether that gradient will be asked for)
        int outPadded = training ? padded(out) : out;
        if (!needsAlignment(device) || (inPadded == in && outPadded == out)) {
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
        }
        if (inPadded > in) {
            x = NDArrays.concat(new NDList(x, zeros(x, withAxis(x.getShape(), 1, inPadded - in))), 1);
            w = NDArrays.concat(new NDList(w, zeros(w, withAxis(w.getShape(), 1, inPadded - in))), 1);
        }
        if (outPadded > out) {
            w = NDArrays.concat(new NDList(w, zeros(w, withAxis(w.getShape(), 0, outPadded - out))), 0);
            if (b != null) b = NDArrays.concat(new NDList(b, zeros(b, new Shape(outPadded - out))), 0);
        }
        NDArray y = Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
        return new NDList(outPadded > out ? y.get(":, 0:" + out) : y);
    }

    private boolean needsAlignment(Device device) {
        return ALIGN && groups == 1 && !device.isGpu() && (kernelShape.get(0) > 1 || kernelShape.get(1) > 1);
    }

    /**
     * Input channels as handed to the kernel: up to 8 they fit one block of any ISA and were always right; above,
     * a multiple of 16 (which is also one of 8).
     */
    static int paddedInputChannels(int channels) {
        return channels <= 8 ? channels : padded(channels);
    }

    static int padded(int channels) {
        return (channels + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static NDArray zeros(NDArray like, Shape shape) {
        return like.getManager().zeros(shape, like.getDataType(), like.getDevice());
    }

    private static Shape withAxis(Shape s, int axis, long size) {
        long[] d = s.getShape().clone(); // Shape hands out its own array
        d[axis] = size;
        return new Shape(d);
    }
}
