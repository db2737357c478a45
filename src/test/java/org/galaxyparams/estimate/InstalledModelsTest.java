package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The model list the Fiji dialog offers: the shipped regressors, not the denoisers nor the paired regressors. */
class InstalledModelsTest {
    @Test
    void regressorsAndDenoisersAreListedApart() {
        List<String> regressors = ModelLocator.installed(false), denoisers = ModelLocator.installed(true);
        assertTrue(regressors.containsAll(List.of(ModelLocator.DEFAULT_REGRESSOR, "xception-dataset3")), regressors.toString());
        assertTrue(denoisers.containsAll(List.of("edsr-dataset3", "rdn-dataset3")), denoisers.toString());
        assertTrue(regressors.stream().noneMatch(n -> n.contains("+") || denoisers.contains(n)), regressors.toString());
    }
}
