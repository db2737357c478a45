package org.galaxyparams.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.XceptionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid search trains each shape once, reads finished ones back, and counts weights as the layer definitions do. */
class ArchitectureSearchTest {
    private static TrainRequest tiny(Path out) {
        return TrainRequest.builder().name("tune").out(out).steps(4).batch(4).seed(11).validationSeed(12).validation(8)
                .validateEvery(2).patience(1_000_000).threads(1).resume(true).asinh(true).build();
    }

    @Test
    void eachShapeIsTrainedOnceAndTheTableListsThemBestFirst(@TempDir Path dir) throws Exception {
        ArchitectureSearch search = new ArchitectureSearch(tiny(dir), List.of(1, 2), List.of(4), List.of(1));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<ArchitectureSearch.Outcome> first = search.run(new PrintStream(log, true, StandardCharsets.UTF_8), () -> false);
        assertEquals(2, first.size());
        for (ArchitectureSearch.Outcome o : first) {
            assertEquals(4, o.steps());
            assertTrue(Double.isFinite(o.bestLoss()) && o.bestLoss() > 0, "loss " + o.bestLoss());
            assertTrue(Files.isRegularFile(dir.resolve(o.model() + ".json")));
            assertEquals(5, o.rmse().size());
        }
        assertTrue(first.get(1).weights() > first.get(0).weights());
        // a second search over the same folder trains nothing and reports the same figures
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        List<ArchitectureSearch.Outcome> second = search.run(new PrintStream(again, true, StandardCharsets.UTF_8), () -> false);
        String text = again.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.split("read back", -1).length - 1, text);
        assertFalse(text.contains("validation at step"), text);
        assertEquals(first, second);
        String table = search.table(second, "tune ...");
        String[] rows = table.lines().filter(l -> l.startsWith("| 1 ") || l.startsWith("| 2 ")).toArray(String[]::new);
        assertEquals(2, rows.length, table);
        double a = loss(rows[0]), b = loss(rows[1]);
        assertTrue(a <= b, "best first: " + table);
    }

    /** Other shared settings make other runs (never read back from another search); a shape given twice is one shape. */
    @Test
    void otherSettingsTrainTheirOwnRunsAndDuplicatesCountOnce(@TempDir Path dir) throws Exception {
        ArchitectureSearch a = new ArchitectureSearch(tiny(dir), List.of(1, 1), List.of(4), List.of(1));
        assertEquals(1, a.grid().size());
        TrainRequest t = tiny(dir);
        TrainRequest longer = t.toBuilder().steps(6).build();
        ArchitectureSearch b = new ArchitectureSearch(longer, List.of(1), List.of(4), List.of(1));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ArchitectureSearch.Outcome first = a.run(quiet, () -> false).get(0);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ArchitectureSearch.Outcome second = b.run(new PrintStream(log, true, StandardCharsets.UTF_8), () -> false).get(0);
        assertNotEquals(first.model(), second.model());
        assertEquals(6, second.steps());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("read back"), log.toString(StandardCharsets.UTF_8));
    }

    private static double loss(String row) {
        String cell = row.split("\\|")[9].trim();
        return Double.parseDouble(cell.substring(0, cell.indexOf(' ')));
    }

    /**
     * The entry axis: each pool count with max pools and with unshuffles, pool 0 once (it has neither); an unshuffle shape
     * trains a network with the unshuffle entry, named apart from its max-pool twin, and the table says which it is.
     */
    @Test
    void theEntryAxisTrainsUnshuffleShapesApart(@TempDir Path dir) throws Exception {
        ArchitectureSearch search = new ArchitectureSearch(tiny(dir), List.of(1), List.of(4), List.of(0, 1),
                List.of(ArchitectureSearch.Entry.MAX, ArchitectureSearch.Entry.UNSHUFFLE));
        assertEquals(List.of(new ArchitectureSearch.Shape3(1, 4, 0), new ArchitectureSearch.Shape3(1, 4, 1),
                new ArchitectureSearch.Shape3(1, 4, 1, ArchitectureSearch.Entry.UNSHUFFLE)), search.grid());
        ArchitectureSearch.Shape3 u = search.grid().get(2);
        TrainRequest r = search.request(u), max = search.request(search.grid().get(1));
        assertTrue(r.unshuffleEntry());
        assertFalse(max.unshuffleEntry());
        assertTrue(r.name().contains("-b1-f4-u1-"), r.name());
        assertTrue(max.name().contains("-b1-f4-p1-"), max.name());
        XceptionConfig x = r.options().architecture().xception();
        assertTrue(x.unshuffleEntry());
        assertEquals(4 * x.entryFilters(), x.channelsAfterEntry());
        // the unshuffle shape alone: trained, and its row says so; its first block reads 4x the entry's maps, so more weights
        ArchitectureSearch only = new ArchitectureSearch(tiny(dir), List.of(1), List.of(4), List.of(1), List.of(ArchitectureSearch.Entry.UNSHUFFLE));
        ArchitectureSearch twin = new ArchitectureSearch(tiny(dir), List.of(1), List.of(4), List.of(1));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ArchitectureSearch.Outcome o = only.run(quiet, () -> false).get(0);
        assertEquals(4, o.steps());
        assertTrue(Files.readString(dir.resolve(o.model() + ".json")).contains("\"unshuffleEntry\": true"));
        assertTrue(o.weights() > twin.run(quiet, () -> false).get(0).weights());
        assertTrue(only.table(List.of(o), "tune ...").contains("| 1 | 4 | 1 | unshuffle |"), only.table(List.of(o), "tune ..."));
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSearch.Entry.parse("average"));
        assertEquals(ArchitectureSearch.Entry.UNSHUFFLE, ArchitectureSearch.Entry.parse(" Unshuffle"));
    }

    @Test
    void weightsCountedFromTheLayerDefinitions() {
        // one more residual block of F filters, kernel k, identity shortcut: a depthwise k x k (F k^2) and a pointwise
        // (F^2) convolution, twice, each followed by BatchNorm's scale and shift (2F)
        int f = 24, k = 3;
        XceptionConfig two = new XceptionConfig(4, 16, 5, 1, 2, f, k, 48, 5), three = new XceptionConfig(4, 16, 5, 1, 3, f, k, 48, 5);
        long perBlock = 2L * (f * k * k + (long) f * f) + 2L * 2 * f;
        assertEquals(perBlock, ArchitectureSearch.weights(Architecture.of(three), 64) - ArchitectureSearch.weights(Architecture.of(two), 64));
        // the dense layer: exit filters x outputs + biases
        XceptionConfig ten = new XceptionConfig(4, 16, 5, 1, 2, f, k, 48, 10);
        assertEquals(48L * 5 + 5, ArchitectureSearch.weights(Architecture.of(ten), 64) - ArchitectureSearch.weights(Architecture.of(two), 64));
    }

    @Test
    void refusesWhatIsNotAShapeSearch(@TempDir Path dir) {
        TrainRequest t = tiny(dir);
        TrainRequest fromModel = t.toBuilder().patience(20).initFrom("xception-dataset3").build();
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureSearch(fromModel, List.of(1), List.of(4), List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureSearch(t, List.of(), List.of(4), List.of(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArchitectureSearch(t, List.of(0), List.of(4), List.of(1)));
        assertTrue(e.getMessage().contains("blocks 0"), e.getMessage());
    }
}
