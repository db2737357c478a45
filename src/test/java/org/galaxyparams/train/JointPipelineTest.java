package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.LambdaBlock;
import org.galaxyparams.net.InputEncoding;
import org.junit.jupiter.api.Test;

/** The joint pipeline accepts a denoiser only when it reads exactly the regressor's first three planes. */
class JointPipelineTest {
    private static final InputEncoding REGRESSOR = InputEncoding.STUDY_ASINH.withDenoisedPlane();

    private static JointPipeline pipeline(InputEncoding denoiser, InputEncoding regressor) {
        return new JointPipeline(new LambdaBlock(x -> x), new LambdaBlock(x -> x), denoiser, regressor);
    }

    @Test
    void acceptsTheStudyDenoiserInFrontOfTheAsinhPairRegressor() {
        assertDoesNotThrow(() -> pipeline(InputEncoding.STUDY, REGRESSOR));
        assertTrue(InputEncoding.STUDY.equals(REGRESSOR.withoutExtraPlanes()));
    }

    @Test
    void refusesADenoiserScaledOtherwise() {
        InputEncoding otherSigma = new InputEncoding(64, 1e-3, 0.75, 0.25, 300, 150, 0);
        InputEncoding otherScale = new InputEncoding(64, 1e-2, 0.75, 0.25, 300, 100, 0);
        InputEncoding otherSize = new InputEncoding(48, 1e-3, 0.75, 0.25, 300, 100, 0);
        for (InputEncoding d : new InputEncoding[] {otherSigma, otherScale, otherSize, InputEncoding.STUDY_ASINH})
            assertThrows(IllegalArgumentException.class, () -> pipeline(d, REGRESSOR), d.toString());
    }

    @Test
    void refusesARegressorWithoutTheAsinhOrDenoisedPlane() {
        assertThrows(IllegalArgumentException.class, () -> pipeline(InputEncoding.STUDY, InputEncoding.STUDY_ASINH));
        assertThrows(IllegalArgumentException.class, () -> pipeline(InputEncoding.STUDY, InputEncoding.STUDY.withDenoisedPlane()));
    }
}
