package org.galaxyparams.scijava;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.galaxyparams.app.CatalogColumns;
import org.galaxyparams.app.FieldSimulation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.sim.Preset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.log.LogService;

/** Measure Galaxy Field through a headless {@link Context}, as Fiji runs it: indexed, a catalog, refusals, shards. */
class MeasureFieldCommandTest {
    @TempDir
    static Path tmp;
    static Context context;
    static CommandService commands;

    @BeforeAll
    static void startContext() {
        context = new Context(CommandService.class, LogService.class, ConvertService.class);
        commands = context.service(CommandService.class);
    }

    @AfterAll
    static void disposeContext() {
        if (context != null) context.dispose();
    }

    private static CommandModule run(Object... keyValues) throws Exception {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return commands.run(MeasureFieldCommand.class, true, m).get();
    }

    private static List<String> dataLines(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void catalogsAFieldRefusesToReplaceItAndShards() throws Exception {
        CommandInfo info = commands.getCommand(MeasureFieldCommand.class);
        assertNotNull(info, "not in the plugin index (META-INF/json/org.scijava.plugin.Plugin)");
        assertTrue(info.canRunHeadless());
        assertEquals(List.of("Plugins", "Galaxy Params", "Headless", MeasureFieldCommand.TITLE),
                info.getMenuPath().stream().map(e -> e.getName()).toList());

        Path field = tmp.resolve("field.fits");
        FieldSpec spec = new FieldSpec(320, 320, 8, 3, Preset.DATASET3, 0.7, 300, 1000, 0, 0, 0.23, true, 4);
        FieldSimulation.run(spec, field, FieldSimulation.truthBeside(field), "test", Monitor.SILENT);

        Path csv = tmp.resolve("catalog.csv");
        CommandModule m = run("input", field.toFile(), "output", csv.toFile(), "device", "cpu");
        assertFalse(m.isCanceled(), m.getCancelReason());
        String summary = (String) m.getOutput("summary");
        assertTrue(summary.startsWith("Measure Galaxy Field: field.fits: "), summary);
        assertTrue(Files.isRegularFile(tmp.resolve("catalog.fits")), "FITS table beside the CSV");
        List<String> lines = dataLines(csv);
        assertEquals(CatalogColumns.header(), lines.get(0));
        int rows = lines.size() - 1;
        assertTrue(rows >= 8, lines.toString());
        assertTrue(Files.readString(csv).contains("# command: Galaxy_Params.jar (SciJava) --run \"Measure Galaxy Field\""), Files.readString(csv));

        // not replaced unless asked
        long before = Files.getLastModifiedTime(csv).toMillis();
        m = run("input", field.toFile(), "output", csv.toFile(), "device", "cpu");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().startsWith(csv + " exists: give another output"), m.getCancelReason());
        assertEquals(before, Files.getLastModifiedTime(csv).toMillis());

        // two shards hold every row once
        Path a = tmp.resolve("part0.csv"), b = tmp.resolve("part1.csv");
        assertFalse(run("input", field.toFile(), "output", a.toFile(), "device", "cpu", "shard", "0/2").isCanceled());
        assertFalse(run("input", field.toFile(), "output", b.toFile(), "device", "cpu", "shard", "1/2").isCanceled());
        assertEquals(rows, dataLines(a).size() - 1 + dataLines(b).size() - 1);

        m = run("input", field.toFile(), "output", tmp.resolve("x.csv").toFile(), "shard", "3/2");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().startsWith("shard 3/2: give k/N"), m.getCancelReason());
    }
}
