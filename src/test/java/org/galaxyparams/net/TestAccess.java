package org.galaxyparams.net;

import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

/** Test access to a loaded network's DJL parameters (to alter weights on purpose). */
public final class TestAccess {
    private TestAccess() {}

    public static PairList<String, Parameter> parameters(GalaxyNetwork n) { return n.block().getParameters(); }

    public static ai.djl.nn.Block block(GalaxyNetwork n) { return n.block(); }
}
