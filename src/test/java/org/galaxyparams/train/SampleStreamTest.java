package org.galaxyparams.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.junit.jupiter.api.Test;

class SampleStreamTest {
    @Test
    void theSameStartGivesTheSameSamples() {
        SimulationConfig c = SimulationConfig.of(Preset.DATASET3, 5);
        List<Sample> a = new SampleStream(c, 0).take(3);
        SampleStream b = new SampleStream(c, 0);
        b.take(2);
        SampleStream resumed = new SampleStream(c, b.nextCandidate());
        assertArrayEquals(a.get(2).noisy(), resumed.take(1).get(0).noisy(), "a resumed stream continues where it stopped");
    }

    /** A prior whose draws never meet the SNR window stops with a message instead of looping for ever. */
    @Test
    void aWindowNoDrawMeetsStopsWithAMessage() {
        SimulationConfig c = SimulationConfig.of(Preset.DATASET3, 5);
        SimulationConfig impossible = new SimulationConfig(c.prior(), c.psfBeta(), StampGeometry.DEFAULT, 5, 1e6, 2e6, true, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SampleStream(impossible, 0, 50).take(1));
        assertTrue(e.getMessage().contains("draws in a row fell outside the SNR window [1000000.0, 2000000.0]"), e.getMessage());
    }
}
