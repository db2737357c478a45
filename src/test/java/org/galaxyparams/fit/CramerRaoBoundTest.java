package org.galaxyparams.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

class CramerRaoBoundTest {

    /**
     * The study's test galaxy. Reference: a Fisher matrix from GalSim finite differences with variance
     * sigma^2 + I (shared/reference/galsim/README.md): sigma 200 -> 5650, 0.777, 0.0287, 0.0543, 0.0549;
     * sigma 400 -> 11260, 1.54, 0.0572, 0.108, 0.109. Agreement to 2 % (the reference's own finite differences).
     */
    @Test
    void studyGalaxyBoundMatchesGalSimFisherMatrix() {
        double[][] expected = {{5650, 0.777, 0.0287, 0.0543, 0.0549}, {11260, 1.54, 0.0572, 0.108, 0.109}};
        double[] sigmas = {200, 400};
        for (int s = 0; s < 2; s++) {
            double[] crb = CramerRaoBound.at(GalaxyParams.STUDY_TEST_GALAXY, PsfModel.moffat(2, 0.5),
                    StampGeometry.DEFAULT, sigmas[s]).standardDeviations();
            System.out.printf("sigma %.0f CRB: flux %.1f n %.4f hlr %.5f g1 %.5f g2 %.5f%n", sigmas[s], crb[0], crb[1], crb[2], crb[3], crb[4]);
            for (int i = 0; i < 5; i++) assertEquals(expected[s][i], crb[i], 0.02 * expected[s][i], "parameter " + i);
        }
    }

    /** Derivatives of the model agree with a plain difference quotient of the renderer. */
    @Test
    void fluxDerivativeIsModelOverFlux() {
        GalaxyParams p = new GalaxyParams(2e5, 1.7, 0.4, 0.1, 0.2);
        double[][] d = new ModelDerivatives().compute(p, PsfModel.moffat(2, 0.7), StampGeometry.DEFAULT);
        for (int i = 0; i < d[0].length; i += 97) assertEquals(d[0][i] / 2e5, d[1][i], 1e-15 + 1e-12 * Math.abs(d[1][i]));
    }
}
