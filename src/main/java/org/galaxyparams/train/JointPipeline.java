package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.galaxyparams.net.InputEncoding;

/**
 * A denoiser and the regressor behind it as one network, for training both on the regressor's loss (end to end, the
 * study's proposed next step): the gradient of the label error reaches the denoiser's weights, so the denoiser learns
 * what helps the regressor rather than only what restores the pixels.
 *
 * <p>Input: the regressor's planes without the denoised one, i.e. the stamp x imageScale, the PSF and sigma planes and
 * the asinh plane. The denoiser reads the first three (its own encoding; checked to be the same). Its output, the
 * denoised stamp x imageScale, becomes the last plane exactly as {@link InputEncoding#encode} writes it at estimation:
 * asinh(denoised / (softening sigma)) / 3, with sigma read back from its plane. So the saved denoiser and regressor,
 * run one after the other by the estimator, compute what was trained.
 */
final class JointPipeline extends AbstractBlock {
    private final Block denoiser;
    private final Block regressor;
    private final InputEncoding regressorEncoding;

    /**
     * @param regressorEncoding the regressor's encoding, with the denoised plane and the asinh plane
     * @param denoiserEncoding the denoiser's encoding: the regressor's first three planes
     */
    JointPipeline(Block denoiser, Block regressor, InputEncoding denoiserEncoding, InputEncoding regressorEncoding) {
        super((byte) 1);
        if (!regressorEncoding.denoisedPlane() || !(regressorEncoding.asinhSoftening() > 0))
            throw new IllegalArgumentException("a joint pipeline's regressor takes the asinh plane and the denoised plane");
        if (!denoiserEncoding.equals(regressorEncoding.withoutExtraPlanes()))
            throw new IllegalArgumentException("the denoiser's input planes are not the regressor's first three: " + denoiserEncoding
                    + " against " + regressorEncoding);
        this.regressorEncoding = regressorEncoding;
        this.denoiser = addChildBlock("denoiser", denoiser);
        this.regressor = addChildBlock("regressor", regressor);
    }

    Block denoiser() { return denoiser; }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        InputEncoding e = regressorEncoding;
        NDArray x = inputs.singletonOrThrow();
        NDArray denoised = denoiser.forward(ps, new NDList(x.get(":, 0:3")), training, params).singletonOrThrow();
        // sigma (counts) from its constant plane, one value per stamp
        NDArray sigma = x.get(":, 2:3, 0:1, 0:1").mul(e.sigmaHalfRange()).add(e.sigmaCentre());
        NDArray v = denoised.div(sigma.mul(e.imageScale() * e.asinhSoftening()));
        // asinh(v) written as InputEncoding writes it (PyTorch's asinh is not reachable through DJL)
        NDArray plane = v.add(v.square().add(1).sqrt()).log().div(3);
        return regressor.forward(ps, new NDList(NDArrays.concat(new NDList(x, plane), 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return regressor.getOutputShapes(new Shape[] {new Shape(in.get(0), in.get(1) + 1, in.get(2), in.get(3))});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        denoiser.initialize(manager, dataType, new Shape(in.get(0), InputEncoding.CHANNELS, in.get(2), in.get(3)));
        regressor.initialize(manager, dataType, new Shape(in.get(0), in.get(1) + 1, in.get(2), in.get(3)));
    }
}
