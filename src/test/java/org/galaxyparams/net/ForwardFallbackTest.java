package org.galaxyparams.net;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.estimate.ModelLocator;
import org.junit.jupiter.api.Test;

/**
 * When PyTorch computes a network wrongly (simulated here by altering the weights PyTorch uses after the
 * plain-Java reference has taken its copy), the network's answers come from the plain-Java pass, the
 * warning says so, and the provenance changes. Caught at the probe, and by the per-batch check when PyTorch
 * goes wrong later.
 */
class ForwardFallbackTest {
    private static GalaxyNetwork loadRdn() throws IOException {
        return GalaxyNetwork.load(ModelLocator.resolve("rdn-dataset3"), Device.cpu());
    }

    /** Scales the weights PyTorch holds for the last convolution: a wrong kernel, as far as outputs go. */
    private static void breakPyTorch(GalaxyNetwork n) {
        var params = n.block().getParameters();
        Parameter last = params.get(params.size() - 2).getValue();
        last.getArray().muli(3f);
    }

    @Test
    void aDisagreementAtTheProbeSwitchesToPlainJava() throws IOException {
        try (GalaxyNetwork n = loadRdn()) {
            float[] in = ForwardCheck.probeInputs(n.card().encoding(), 5);
            PlainForward truth = n.plain();
            breakPyTorch(n);
            List<String> warnings = new ArrayList<>();
            float[] out = n.forward(in, 5, warnings::add);
            assertFalse(n.usesPyTorch());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("computes rdn-dataset3 wrongly on this CPU") && warnings.get(0).contains("probe"), warnings.get(0));
            for (int i = 0; i < 5; i++) {
                float[] ref = truth.forward(in, i, 64);
                for (int k = 0; k < ref.length; k++) assertEquals(ref[k], out[i * ref.length + k], 0f);
            }
        }
    }

    @Test
    void aDisagreementInALaterBatchIsCaughtAndTheBatchRecomputed() throws IOException {
        try (GalaxyNetwork n = loadRdn()) {
            float[] in = ForwardCheck.probeInputs(n.card().encoding(), 3);
            List<String> warnings = new ArrayList<>();
            float[] good = n.forward(in, 3, warnings::add);
            org.junit.jupiter.api.Assumptions.assumeTrue(n.usesPyTorch(),
                    "PyTorch already computes rdn-dataset3 wrongly on this CPU (" + warnings + "): a later failure cannot be staged here");
            assertTrue(warnings.isEmpty(), warnings.toString());
            PlainForward truth = n.plain();
            breakPyTorch(n);
            float[] again = n.forward(in, 3, warnings::add);
            assertFalse(n.usesPyTorch());
            assertTrue(warnings.size() == 1 && warnings.get(0).contains("batch of 3"), warnings.toString());
            int per = 64 * 64;
            for (int i = 0; i < 3; i++) {
                float[] ref = truth.forward(in, i, 64);
                for (int k = 0; k < per; k++) {
                    assertEquals(ref[k], again[i * per + k], 0f);
                    assertEquals(ref[k], good[i * per + k], 2e-4f * 60);
                }
            }
        }
    }

    @Test
    void agreementWithinRoundingIsAcceptedAndAWrongValueIsNot() {
        float[] ref = {1f, -50f, 3f};
        assertNull(ForwardCheck.mismatch(new float[] {1.0001f, -50.0002f, 3f}, 0, ref));
        assertNotNull(ForwardCheck.mismatch(new float[] {1.1f, -50f, 3f}, 0, ref));
        assertNotNull(ForwardCheck.mismatch(new float[] {9f, 1f, Float.NaN, -50f, 3f}, 2, ref));
    }
}
