package org.galaxyparams.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.XceptionConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a regressor with more residual blocks from a trained one ({@code train --init-from} with a larger
 * {@code --blocks}): every layer the two share takes the trained weights, and each new block is appended after the
 * trained ones with the last BatchNorm of its branch at gamma = beta = 0. A block computes x + branch(x), and that
 * BatchNorm's output is gamma * x_hat + beta = 0, so each new block starts as the identity and the deeper network
 * starts out computing exactly what the trained one did. Gamma's gradient is not zero (it is the sum of the
 * upstream gradient times x_hat), so the new blocks grow from there. The shortcut of an appended block is the
 * identity because its input already has the blocks' width.
 */
final class NetworkDeepening {
    private NetworkDeepening() {}

    /** Whether {@code to} is {@code from} with more residual blocks and nothing else changed. */
    static boolean deepens(Architecture from, Architecture to) {
        if (from == null || to == null || from.xception() == null || to.xception() == null) return false;
        XceptionConfig a = from.xception(), b = to.xception();
        return a.blocks() >= 1 && b.blocks() > a.blocks() && b.equals(a.withBlocks(b.blocks()));
    }

    /**
     * Copies {@code saved}'s weights (loaded) into {@code deeper} (initialized), whose top-level layers are the saved
     * ones with {@code added} residual blocks after the last saved block; those start as the identity.
     */
    static void copy(Block saved, Block deeper, int savedBlocks, int added) {
        List<Block> from = new ArrayList<>(((SequentialBlock) saved).getChildren().values());
        List<Block> to = new ArrayList<>(((SequentialBlock) deeper).getChildren().values());
        if (to.size() != from.size() + added)
            throw new IllegalArgumentException("a network of " + to.size() + " layers is not one of " + from.size() + " with " + added + " blocks added");
        int residuals = 0, j = 0;
        for (Block target : to) {
            boolean isNew = target instanceof ParallelBlock && residuals >= savedBlocks && residuals < savedBlocks + added;
            if (target instanceof ParallelBlock) residuals++;
            if (isNew) startAsIdentity(target);
            else copyLayer(from.get(j++), target);
        }
    }

    private static void copyLayer(Block source, Block target) {
        var s = source.getParameters();
        var t = target.getParameters();
        if (s.size() != t.size())
            throw new IllegalArgumentException("layers differ: " + source + " against " + target);
        for (int i = 0; i < t.size(); i++) {
            NDArray a = s.get(i).getValue().getArray(), b = t.get(i).getValue().getArray();
            if (!a.getShape().equals(b.getShape()))
                throw new IllegalArgumentException("weights of shape " + a.getShape() + " cannot start a layer of shape " + b.getShape());
            b.set(a.toFloatArray());
        }
    }

    /** Zeroes gamma and beta of the block's last BatchNorm (its branch's: the shortcut of an appended block has none). */
    private static void startAsIdentity(Block residual) {
        BatchNorm last = lastBatchNorm(residual);
        if (last == null) throw new IllegalArgumentException("a residual block without a BatchNorm cannot start as the identity");
        for (var p : last.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.GAMMA || type == Parameter.Type.BETA) {
                NDArray v = p.getValue().getArray();
                v.set(new float[(int) v.size()]);
            }
        }
    }

    private static BatchNorm lastBatchNorm(Block b) {
        if (b instanceof BatchNorm bn) return bn;
        BatchNorm last = null;
        for (Block child : b.getChildren().values()) {
            BatchNorm found = lastBatchNorm(child);
            if (found != null) last = found;
        }
        return last;
    }
}
