package org.galaxyparams.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The forward pass of every network kind in plain Java loops, with double accumulation, from the
 * architecture and the weights alone. It shares no code with PyTorch or DJL, so it is the oracle that the
 * DJL forward is checked against (at load, see {@link ForwardCheck}, and in tests), and the fallback when
 * PyTorch's kernels compute a network wrongly on a CPU. Slow (tens of milliseconds per stamp for a denoiser)
 * but exact to float rounding, and the same on every machine and thread count.
 *
 * <p>Weights come in DJL's parameter order (depth first, children in the order the builders add them);
 * each is checked against the shape the architecture implies, so an ordering mistake fails loudly.
 */
public final class PlainForward {
    /** DJL BatchNorm's default epsilon (the only one the builders use). */
    static final double BATCH_NORM_EPSILON = 1e-5;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    private final Architecture arch;
    private final List<Weight> weights;

    /** One weight tensor: values in row-major order and its shape. */
    public record Weight(String name, long[] shape, float[] values) {}

    public PlainForward(Architecture arch, List<Weight> weights) {
        this.arch = arch;
        this.weights = List.copyOf(weights);
        // dry run on a tiny input checks that the weights fit the architecture
        new Cursor(this.weights).checkAllUsedAfter(c -> run(c, new Tensor(arch.inputChannels(), 8, 8)));
    }

    /** The plain-Java pass of {@code block} (built from {@code arch}), with a copy of its current weights. */
    public static PlainForward of(Architecture arch, ai.djl.nn.Block block) {
        List<Weight> weights = new ArrayList<>();
        for (var p : block.getParameters()) {
            ai.djl.ndarray.NDArray a = p.getValue().getArray();
            weights.add(new Weight(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
        }
        return new PlainForward(arch, weights);
    }

    /**
     * Runs one item. {@code input} holds a batch in NCHW order; item {@code index} of {@code channels x size
     * x size} floats is read. Returns the 5 scaled labels of a regressor or the {@code size x size} image of a
     * denoiser.
     */
    public float[] forward(float[] input, int index, int size) {
        int c = arch.inputChannels();
        Tensor x = new Tensor(c, size, size);
        int base = index * c * size * size;
        for (int i = 0; i < x.v.length; i++) x.v[i] = input[base + i];
        Cursor cur = new Cursor(weights);
        Tensor y = run(cur, x);
        cur.checkAllUsed();
        float[] out = new float[y.v.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) y.v[i];
        return out;
    }

    private Tensor run(Cursor w, Tensor x) {
        return switch (arch.kind()) {
            case XCEPTION -> xception(w, x, arch.xception());
            case EDSR -> denoiser(w, x, arch.edsr().downscale(), t -> edsrTrunk(w, t, arch.edsr()));
            case RDN -> denoiser(w, x, arch.rdn().downscale(), t -> rdnTrunk(w, t, arch.rdn()));
        };
    }

    // ---------------------------------------------------------------- networks (mirror Networks.java)

    private static Tensor xception(Cursor w, Tensor x, XceptionConfig c) {
        Tensor t = selu(batchNorm(w, conv(w, x, c.entryFilters(), c.entryKernel(), 2, 1, false)));
        for (int i = 0; i < c.poolAfterEntry(); i++) t = c.unshuffleEntry() ? unshuffle(t, 2) : maxPool(t, 2, 2, 0);
        int channels = c.channelsAfterEntry();
        for (int b = 0; b < c.blocks(); b++) {
            Tensor shortcut = channels == c.blockFilters() ? t
                    : batchNorm(w, conv(w, t, c.blockFilters(), 1, 1, 1, false));
            Tensor branch = batchNorm(w, separable(w, selu(t), c.blockFilters(), c.kernel()));
            branch = batchNorm(w, separable(w, selu(branch), c.blockFilters(), c.kernel()));
            t = add(shortcut, branch);
            channels = c.blockFilters();
        }
        t = selu(batchNorm(w, separable(w, t, c.exitFilters(), c.kernel())));
        t = globalAverage(maxPool(t, 3, 2, 1));
        return linear(w, t, c.outputs());
    }

    private static Tensor edsrTrunk(Cursor w, Tensor x, EdsrConfig c) {
        Tensor head = conv(w, x, c.filters(), 3, 1, 1, true);
        Tensor t = head;
        for (int b = 0; b < c.blocks(); b++) {
            Tensor r = conv(w, relu(conv(w, t, c.filters(), 3, 1, 1, true)), c.filters(), 3, 1, 1, true);
            if (c.residualScale() != 1f) r = scale(r, c.residualScale());
            t = add(t, r);
        }
        return add(head, conv(w, t, c.filters(), 3, 1, 1, true));
    }

    private static Tensor rdnTrunk(Cursor w, Tensor x, RdnConfig c) {
        Tensor shallow = conv(w, x, c.features(), 3, 1, 1, true);
        Tensor t = conv(w, shallow, c.features(), 3, 1, 1, true);
        List<Tensor> outs = new ArrayList<>();
        for (int b = 0; b < c.blocks(); b++) {
            Tensor dense = t;
            for (int l = 0; l < c.layers(); l++) dense = concat(List.of(dense, relu(conv(w, dense, c.growth(), 3, 1, 1, true))));
            t = add(t, conv(w, dense, c.features(), 1, 1, 1, true));
            outs.add(t);
        }
        Tensor fused = conv(w, conv(w, concat(outs), c.features(), 1, 1, 1, true), c.features(), 3, 1, 1, true);
        return add(shallow, fused);
    }

    /** Input channel 0 plus shuffle(last(trunk(unshuffle(input)))): the denoisers' global skip. */
    private static Tensor denoiser(Cursor w, Tensor x, int r, java.util.function.UnaryOperator<Tensor> trunk) {
        Tensor t = r > 1 ? unshuffle(x, r) : x;
        t = conv(w, trunk.apply(t), r * r, 3, 1, 1, true);
        if (r > 1) t = shuffle(t, r);
        Tensor image = new Tensor(1, x.h, x.w);
        System.arraycopy(x.v, 0, image.v, 0, x.h * x.w);
        return add(image, t);
    }

    // ---------------------------------------------------------------- layers

    /** Depthwise k x k (no bias) then pointwise 1 x 1 (no bias). */
    private static Tensor separable(Cursor w, Tensor x, int out, int k) {
        return conv(w, conv(w, x, x.c, k, 1, x.c, false), out, 1, 1, 1, false);
    }

    /** Cross-correlation with zero padding k/2, as PyTorch's conv2d; weight (out, in/groups, k, k). */
    static Tensor conv(Cursor w, Tensor x, int out, int k, int stride, int groups, boolean bias) {
        int inPerGroup = x.c / groups;
        float[] wt = w.next(out, inPerGroup, k, k);
        float[] b = bias ? w.next(out) : null;
        int pad = k / 2;
        int oh = (x.h + 2 * pad - k) / stride + 1, ow = (x.w + 2 * pad - k) / stride + 1;
        Tensor y = new Tensor(out, oh, ow);
        int outPerGroup = out / groups;
        // one weight at a time over the whole output plane (an axpy per kernel tap), so the inner loop is contiguous;
        // output channels are independent, so large layers spread them over the cores
        java.util.stream.IntStream channels = java.util.stream.IntStream.range(0, out);
        if ((long) out * inPerGroup * k * k * oh * ow > 200_000) channels = channels.parallel();
        channels.forEach(o -> {
            int g = o / outPerGroup, yBase = o * oh * ow;
            if (b != null) java.util.Arrays.fill(y.v, yBase, yBase + oh * ow, b[o]);
            for (int ci = 0; ci < inPerGroup; ci++) {
                int cin = g * inPerGroup + ci;
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++) {
                        double wv = wt[((o * inPerGroup + ci) * k + ky) * k + kx];
                        // output columns whose input column ox*stride + kx - pad lies inside the image
                        int oxFrom = Math.max(0, Math.floorDiv(pad - kx + stride - 1, stride));
                        int oxTo = Math.min(ow, Math.floorDiv(x.w - 1 + pad - kx, stride) + 1);
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride + ky - pad;
                            if (iy < 0 || iy >= x.h) continue;
                            int xRow = (cin * x.h + iy) * x.w + kx - pad, yRow = yBase + oy * ow;
                            for (int ox = oxFrom; ox < oxTo; ox++) y.v[yRow + ox] += wv * x.v[xRow + ox * stride];
                        }
                    }
            }
        });
        return y;
    }

    /** Inference BatchNorm with the running statistics (DJL order: gamma, beta, running mean, running var). */
    private static Tensor batchNorm(Cursor w, Tensor x) {
        float[] gamma = w.next(x.c), beta = w.next(x.c), mean = w.next(x.c), var = w.next(x.c);
        Tensor y = new Tensor(x.c, x.h, x.w);
        int plane = x.h * x.w;
        for (int c = 0; c < x.c; c++) {
            double a = gamma[c] / Math.sqrt(var[c] + BATCH_NORM_EPSILON);
            for (int i = 0; i < plane; i++) y.v[c * plane + i] = (x.v[c * plane + i] - mean[c]) * a + beta[c];
        }
        return y;
    }

    private static Tensor linear(Cursor w, Tensor x, int units) {
        int in = x.v.length;
        float[] wt = w.next(units, in), b = w.next(units);
        Tensor y = new Tensor(units, 1, 1);
        for (int u = 0; u < units; u++) {
            double s = b[u];
            for (int i = 0; i < in; i++) s += (double) wt[u * in + i] * x.v[i];
            y.v[u] = s;
        }
        return y;
    }

    /** Max pool k x k, stride s, padding p (padded cells never win, as in PyTorch). */
    static Tensor maxPool(Tensor x, int k, int s, int p) {
        int oh = (x.h + 2 * p - k) / s + 1, ow = (x.w + 2 * p - k) / s + 1;
        Tensor y = new Tensor(x.c, oh, ow);
        for (int c = 0; c < x.c; c++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * s + ky - p, ix = ox * s + kx - p;
                            if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w) m = Math.max(m, x.v[(c * x.h + iy) * x.w + ix]);
                        }
                    y.v[(c * oh + oy) * ow + ox] = m;
                }
        return y;
    }

    private static Tensor globalAverage(Tensor x) {
        Tensor y = new Tensor(x.c, 1, 1);
        int plane = x.h * x.w;
        for (int c = 0; c < x.c; c++) {
            double s = 0;
            for (int i = 0; i < plane; i++) s += x.v[c * plane + i];
            y.v[c] = s / plane;
        }
        return y;
    }

    private static Tensor selu(Tensor x) {
        Tensor y = new Tensor(x.c, x.h, x.w);
        for (int i = 0; i < x.v.length; i++) {
            double v = x.v[i];
            y.v[i] = SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v));
        }
        return y;
    }

    private static Tensor relu(Tensor x) {
        Tensor y = new Tensor(x.c, x.h, x.w);
        for (int i = 0; i < x.v.length; i++) y.v[i] = Math.max(0, x.v[i]);
        return y;
    }

    private static Tensor scale(Tensor x, double f) {
        Tensor y = new Tensor(x.c, x.h, x.w);
        for (int i = 0; i < x.v.length; i++) y.v[i] = x.v[i] * f;
        return y;
    }

    private static Tensor add(Tensor a, Tensor b) {
        if (a.c != b.c || a.h != b.h || a.w != b.w) throw new IllegalStateException("shape mismatch in add");
        Tensor y = new Tensor(a.c, a.h, a.w);
        for (int i = 0; i < a.v.length; i++) y.v[i] = a.v[i] + b.v[i];
        return y;
    }

    private static Tensor concat(List<Tensor> parts) {
        int c = 0;
        for (Tensor p : parts) c += p.c;
        Tensor y = new Tensor(c, parts.get(0).h, parts.get(0).w);
        int at = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.v, 0, y.v, at, p.v.length);
            at += p.v.length;
        }
        return y;
    }

    /**
     * Pixel unshuffle: output channel c*r*r + dy*r + dx at (y, x) is input channel c at (y*r + dy, x*r + dx).
     * Written from that definition, not from the reshape/transpose in {@link Networks#unshuffle}.
     */
    static Tensor unshuffle(Tensor x, int r) {
        Tensor y = new Tensor(x.c * r * r, x.h / r, x.w / r);
        for (int c = 0; c < x.c; c++)
            for (int dy = 0; dy < r; dy++)
                for (int dx = 0; dx < r; dx++)
                    for (int yy = 0; yy < y.h; yy++)
                        for (int xx = 0; xx < y.w; xx++)
                            y.v[((c * r * r + dy * r + dx) * y.h + yy) * y.w + xx] = x.v[(c * x.h + yy * r + dy) * x.w + xx * r + dx];
        return y;
    }

    /** Inverse of {@link #unshuffle(Tensor, int)}. */
    static Tensor shuffle(Tensor x, int r) {
        Tensor y = new Tensor(x.c / (r * r), x.h * r, x.w * r);
        for (int c = 0; c < y.c; c++)
            for (int dy = 0; dy < r; dy++)
                for (int dx = 0; dx < r; dx++)
                    for (int yy = 0; yy < x.h; yy++)
                        for (int xx = 0; xx < x.w; xx++)
                            y.v[(c * y.h + yy * r + dy) * y.w + xx * r + dx] = x.v[((c * r * r + dy * r + dx) * x.h + yy) * x.w + xx];
        return y;
    }

    /** A (C, H, W) feature map in double precision. */
    static final class Tensor {
        final int c, h, w;
        final double[] v;

        Tensor(int c, int h, int w) {
            this.c = c;
            this.h = h;
            this.w = w;
            this.v = new double[c * h * w];
        }
    }

    /** Hands out the weights in order, checking each shape. */
    static final class Cursor {
        private final List<Weight> weights;
        private int next;

        Cursor(List<Weight> weights) { this.weights = weights; }

        float[] next(long... shape) {
            if (next >= weights.size())
                throw new IllegalArgumentException("The weights end before the architecture does (" + weights.size() + " tensors)");
            Weight w = weights.get(next++);
            if (!java.util.Arrays.equals(w.shape(), shape))
                throw new IllegalArgumentException("Weight " + w.name() + " has shape " + java.util.Arrays.toString(w.shape())
                        + " where the architecture needs " + java.util.Arrays.toString(shape));
            return w.values();
        }

        void checkAllUsed() {
            if (next != weights.size())
                throw new IllegalArgumentException("The architecture uses " + next + " of " + weights.size() + " weight tensors");
        }

        void checkAllUsedAfter(java.util.function.Consumer<Cursor> run) {
            run.accept(this);
            checkAllUsed();
        }
    }
}
