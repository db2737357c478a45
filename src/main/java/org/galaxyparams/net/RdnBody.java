package org.galaxyparams.net;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/** The RDN trunk: residual dense blocks whose outputs are concatenated and fused (1x1 then 3x3). */
final class RdnBody extends AbstractBlock {
    private final List<Block> rdbs = new ArrayList<>();
    private final Block fuse1;
    private final Block fuse3;

    RdnBody(RdnConfig c) {
        super((byte) 1);
        for (int b = 0; b < c.blocks(); b++) rdbs.add(addChildBlock("rdb" + b, Networks.residualDenseBlock(c)));
        fuse1 = addChildBlock("fuse1", Networks.conv(c.features(), 1, 1, true));
        fuse3 = addChildBlock("fuse3", Networks.conv(c.features(), 3, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList x = inputs;
        NDList outs = new NDList();
        for (Block rdb : rdbs) {
            x = rdb.forward(ps, x, training, params);
            outs.add(x.singletonOrThrow());
        }
        NDList fused = fuse1.forward(ps, new NDList(NDArrays.concat(outs, 1)), training, params);
        return fuse3.forward(ps, fused, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return fuse3.getOutputShapes(fuse1.getOutputShapes(concatShape(inputShapes[0])));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (Block rdb : rdbs) {
            rdb.initialize(manager, dataType, s);
            s = rdb.getOutputShapes(new Shape[] {s})[0];
        }
        Shape[] cat = concatShape(inputShapes[0]);
        fuse1.initialize(manager, dataType, cat);
        fuse3.initialize(manager, dataType, fuse1.getOutputShapes(cat));
    }

    private Shape[] concatShape(Shape in) {
        return new Shape[] {new Shape(in.get(0), in.get(1) * rdbs.size(), in.get(2), in.get(3))};
    }
}
