package org.galaxyparams.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.ProgressListener;
import org.junit.jupiter.api.Test;

/** Stamps go to the narrowest estimator trained for their PSF and sigma; rows keep their order and name their network. */
class ConditionRoutedEstimatorTest {
    /** Answers flux = the stamp's sigma and records the batches it was given. */
    static final class Recording implements ParameterEstimator {
        final String name;
        final int size;
        final List<List<String>> batches = new ArrayList<>();

        Recording(String name, int size) { this.name = name; this.size = size; }

        @Override public String provenance() { return name + "@0123456789ab"; }
        @Override public int stampSize() { return size; }
        @Override public double pixelScale() { return 0.23; }
        @Override public String checkInput(StampInput s) { return s.sigma() > 0 ? null : "sigma " + s.sigma() + " (" + name + ")"; }

        @Override
        public List<Estimate> estimate(List<StampInput> stamps, BooleanSupplier cancelled, ProgressListener progress) {
            batches.add(stamps.stream().map(StampInput::id).toList());
            List<Estimate> out = new ArrayList<>();
            for (StampInput s : stamps) {
                if (cancelled.getAsBoolean()) break;
                out.add(new Estimate(s.id(), new GalaxyParams(s.sigma(), 2, 0.3, 0, 0), null, null, 0, null));
            }
            return out;
        }

        @Override public void close() {}
    }

    private static StampInput stamp(String id, double psf, double sigma) {
        return new StampInput(id, new float[64 * 64], 64, psf, sigma);
    }

    private final Recording general = new Recording("general", 64), d1 = new Recording("d1", 64), d2 = new Recording("d2", 64);

    private ConditionRoutedEstimator router(List<String> warnings) {
        // given widest first: the router must still try the narrowest first
        return new ConditionRoutedEstimator(general, List.of(
                new ConditionRoutedEstimator.Specialist(d2, 0.5, 0.5, 200, 400),
                new ConditionRoutedEstimator.Specialist(d1, 0.5, 0.5, 200, 200)), warnings::add);
    }

    @Test
    void eachStampGoesToTheNarrowestEstimatorForItsConditionsAndRowsKeepTheirOrder() {
        ConditionRoutedEstimator r = router(new ArrayList<>());
        List<StampInput> in = List.of(stamp("a", 0.7, 300), stamp("b", 0.5, 200), stamp("c", 0.5, 300), stamp("d", 0.5, 200 * (1 + 5e-4)),
                stamp("e", 0.501, 200), stamp("f", 0.5, 400), stamp("g", 0.5, 401));
        List<Estimate> out = r.estimate(in, () -> false, null);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), out.stream().map(Estimate::id).toList());
        assertEquals(List.of("general", "d1", "d2", "d1", "general", "d2", "general"),
                out.stream().map(e -> e.model("?").replace("@0123456789ab", "")).toList());
        // each estimator got its stamps as one batch, in input order
        assertEquals(List.of(List.of("a", "e", "g")), general.batches);
        assertEquals(List.of(List.of("b", "d")), d1.batches);
        assertEquals(List.of(List.of("c", "f")), d2.batches);
        for (int i = 0; i < in.size(); i++) assertEquals(in.get(i).sigma(), out.get(i).params().flux(), 0);
        assertEquals("general@0123456789ab; for PSF 0.5 arcsec, sigma 200: d1@0123456789ab; for PSF 0.5 arcsec, sigma 200-400: d2@0123456789ab",
                r.provenance());
    }

    @Test
    void aCancelKeepsAnInOrderPrefix() {
        ConditionRoutedEstimator r = router(new ArrayList<>());
        List<StampInput> in = new ArrayList<>();
        for (int i = 0; i < 600; i++) in.add(stamp("s" + i, i % 3 == 0 ? 0.5 : 0.8, 200));
        // cancelled inside the second round, after the general estimator's part and before d1's (s258, s261, ...)
        List<Estimate> out = r.estimate(in, () -> d1.batches.size() >= 2, null);
        assertEquals(2, general.batches.size());
        assertEquals(258, out.size(), "round 1 whole, then round 2 up to its first stamp d1 did not answer");
        for (int i = 0; i < out.size(); i++) assertEquals("s" + i, out.get(i).id());
    }

    @Test
    void aSpecialistForOtherStampsIsLeftOutWithAWarning() {
        List<String> warnings = new ArrayList<>();
        Recording small = new Recording("small", 32);
        ConditionRoutedEstimator r = new ConditionRoutedEstimator(general,
                List.of(new ConditionRoutedEstimator.Specialist(small, 0.5, 0.5, 200, 200)), warnings::add);
        List<Estimate> out = r.estimate(List.of(stamp("a", 0.5, 200)), () -> false, null);
        assertTrue(out.get(0).model("?").startsWith("general@"));
        assertTrue(small.batches.isEmpty());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("small@") && warnings.get(0).contains("other stamps"), warnings.get(0));
    }

    @Test
    void refusalsComeFromTheEstimatorThatWouldRunTheStamp() {
        ConditionRoutedEstimator r = router(new ArrayList<>());
        assertTrue(r.checkInput(stamp("x", 0.5, 0)).contains("(general)"), "sigma 0 lies in no specialist's range");
        assertNull(r.checkInput(stamp("y", 0.5, 200)));
    }
}
