package org.galaxyparams.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.net.ModelCard;
import org.junit.jupiter.api.Test;

/** {@code bench train --filters} times the network that ships: its default width is the default regressor's layout. */
class BenchTrainWidthTest {
    @Test
    void theDefaultWidthIsTheShippedRegressorsLayout() throws IOException {
        ModelCard base = ModelCard.read(ModelLocator.resolve(ModelLocator.DEFAULT_PAIR_BASE));
        assertEquals(base.architecture(), BenchCommand.regressorOfWidth(64));
        assertNotEquals(base.architecture(), BenchCommand.regressorOfWidth(32));
    }

    @Test
    void aWidthBelowOneIsRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchCommand.regressorOfWidth(0));
        assertTrue(e.getMessage().contains("--filters 0") && e.getMessage().contains("e.g. 64"), e.getMessage());
    }
}
