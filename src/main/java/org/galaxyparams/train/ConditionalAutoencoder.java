package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.galaxyparams.net.Networks;

/**
 * The study's conditional autoencoder, for training only: the regressor is the encoder, its five scaled labels are
 * the latent code, and a decoder draws the noiseless stamp back from those labels and the observing conditions (the
 * PSF FWHM and sigma planes of the input, channels 1 and 2). Trained on both the labels and the reconstruction, the
 * encoder must put into its five numbers what the image needs, in the units of the labels. Only the encoder is
 * shipped: at estimation it is an ordinary regressor.
 *
 * <p>Decoder: a dense layer to 64 maps of size/8 x size/8, then three stages of 32, 16 and 8 maps that each double
 * the side (3 x 3 convolution to 4x the maps, pixel shuffle, SELU), and a 3 x 3 convolution to one map: the stamp in
 * the input's image units (counts x imageScale).
 */
public final class ConditionalAutoencoder extends AbstractBlock {
    /** Values the decoder reads besides the labels: the PSF and sigma planes. */
    static final int CONDITIONS = 2;
    private final Block encoder;
    private final Block decoder;
    private final int labels;

    /**
     * @param encoder the regressor (NCHW in, (N, labels) out)
     * @param labels outputs of the encoder (5)
     * @param stampSize stamp side in pixels, a multiple of 8
     */
    public ConditionalAutoencoder(Block encoder, int labels, int stampSize) {
        super((byte) 1);
        if (stampSize % 8 != 0) throw new IllegalArgumentException("the decoder draws stamps whose side is a multiple of 8, not " + stampSize);
        this.labels = labels;
        this.encoder = addChildBlock("encoder", encoder);
        this.decoder = addChildBlock("decoder", decoder(stampSize));
    }

    /** Values the decoder reads: the labels and the conditions. */
    static int codeSize(int labels) { return labels + CONDITIONS; }

    /** A fresh decoder for stamps of side {@code stampSize} (input: (N, labels + 2)). */
    static Block decoder(int stampSize) {
        int s = stampSize / 8;
        SequentialBlock d = new SequentialBlock()
                .add(Linear.builder().setUnits(64L * s * s).build())
                .add(Activation.seluBlock())
                .add(x -> new NDList(x.singletonOrThrow().reshape(-1, 64, s, s)));
        // each stage doubles the side: a 3 x 3 convolution to 4x the maps, then a pixel shuffle (PyTorch through DJL has
        // no transposed convolution)
        for (int maps : new int[] {32, 16, 8}) {
            d.add(Networks.conv(4 * maps, 3, 1, true))
                    .add(x -> new NDList(Networks.shuffle(x.singletonOrThrow(), 2)))
                    .add(Activation.seluBlock());
        }
        return d.add(Networks.conv(1, 3, 1, true));
    }

    public Block encoder() { return encoder; }

    public Block decoder() { return decoder; }

    /** (labels, stamp): the encoder's labels and the decoder's stamp drawn from them and the conditions. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray z = encoder.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray conditions = x.get(":, 1:3, 0, 0");
        NDArray code = NDArrays.concat(new NDList(z.get(":, 0:" + labels), conditions), 1);
        NDArray image = decoder.forward(ps, new NDList(code), training, params).singletonOrThrow();
        return new NDList(z, image);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {encoder.getOutputShapes(inputShapes)[0], new Shape(in.get(0), 1, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        decoder.initialize(manager, dataType, new Shape(inputShapes[0].get(0), codeSize(labels)));
    }
}
