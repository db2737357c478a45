package org.galaxyparams.estimate;

import ai.djl.Device;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.galaxyparams.net.DjlRuntime;
import org.galaxyparams.net.ForwardCheck;
import org.galaxyparams.net.GalaxyNetwork;

/**
 * Writes the bundle's outputs (the checked forward pass) of every shipped network on the probe inputs to a file: run in a child JVM
 * whose environment picks other kernels (ONEDNN_MAX_CPU_ISA, threads). Arguments: out-file threads.
 */
public final class ForwardDumpMain {
    static final String[] MODELS = {"xception-asinh-dataset3", "xception-dataset3", "edsr-dataset3", "rdn-dataset3",
            "xception-asinh-dataset3+rdn-dataset3", "xception-asinh-dataset3+edsr-dataset3"};
    static final int ITEMS = 17;

    public static void main(String[] args) throws IOException {
        DjlRuntime.configureThreads(Integer.parseInt(args[1]));
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            for (float v : outputs()) out.writeFloat(v);
        }
    }

    /** All models' outputs on the probe inputs, concatenated. */
    static float[] outputs() throws IOException {
        java.util.List<float[]> parts = new java.util.ArrayList<>();
        int total = 0;
        for (String m : MODELS) {
            try (GalaxyNetwork n = GalaxyNetwork.load(ModelLocator.resolve(m), Device.cpu())) {
                // the bundle's checked forward pass: what users get, whichever kernels this environment picks
                float[] o = n.forward(ForwardCheck.probeInputs(n.card().encoding(), ITEMS), ITEMS, System.err::println);
                parts.add(o);
                total += o.length;
            }
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
