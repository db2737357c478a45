package org.galaxyparams.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.galaxyparams.app.CatalogFiles;
import org.galaxyparams.app.CatalogRequest;
import org.galaxyparams.app.FieldSimulation;
import org.galaxyparams.field.FieldSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The field front-ends map the same inputs to the same request: Measure Field's macro options, the SciJava command's
 * parameters and {@code catalog}'s options give one {@link CatalogRequest}; Simulate Field's defaults are the
 * FieldSpec's but for a smaller field; outputs are never the measured file nor replaced unasked.
 */
class FieldFrontEndsTest {
    /** Inputs by key (macro key; the CLI option is --key with '-' for '_'); empty = every default. */
    static List<Map<String, String>> table() {
        List<Map<String, String>> t = new ArrayList<>();
        t.add(Map.of());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("model", "xception-dataset3");
        all.put("denoiser", "rdn");
        all.put("device", "cpu");
        all.put("method", "ml");
        all.put("psf_fwhm", "0.8");
        all.put("sigma", "250");
        all.put("pixel_scale", "0.23");
        all.put("saturation", "65000");
        all.put("threshold", "1.5");
        all.put("detection", "6");
        all.put("min_area", "8");
        all.put("deblend_sigma", "2");
        all.put("deblend_contrast", "0.05");
        all.put("background_box", "0");
        all.put("seed", "42");
        t.add(all);
        t.add(Map.of("method", "posterior", "psf_fwhm", "0", "background_box", "128"));
        return t;
    }

    @Test
    void fijiSciJavaAndCliMakeOneCatalogRequest() throws Exception {
        for (Map<String, String> in : table()) {
            StringBuilder options = new StringBuilder();
            in.forEach((k, v) -> options.append(' ').append(k).append("=[").append(v).append(']'));
            CatalogRequest fiji = MeasureFieldPlugin.request(MeasureFieldPlugin.form().read(options.toString().trim()));

            List<String> args = new ArrayList<>(List.of("--in", "f.fits", "--out", "c.csv"));
            in.forEach((k, v) -> args.addAll(List.of("--" + k.replace('_', '-'), v)));
            Object cli = construct("org.galaxyparams.cli.CatalogCommand");
            new CommandLine(cli).parseArgs(args.toArray(String[]::new));

            Object scijava = construct("org.galaxyparams.scijava.MeasureFieldCommand");
            for (Map.Entry<String, String> e : in.entrySet()) set(scijava, e.getKey(), e.getValue());

            CatalogRequest fromCli = (CatalogRequest) call(cli), fromSciJava = (CatalogRequest) call(scijava);
            assertEquals(fromCli, fiji, "CLI vs Fiji for " + in);
            assertEquals(fromCli, fromSciJava, "CLI vs SciJava for " + in);
        }
        assertEquals(CatalogRequest.DEFAULTS, MeasureFieldPlugin.request(MeasureFieldPlugin.form().read("")));
    }

    @Test
    void simulateFieldDefaultsAndMacroCall() {
        FieldSpec d = SimulateFieldPlugin.spec(SimulateFieldPlugin.form().read("wcs"));
        FieldSpec want = FieldSpec.DEFAULTS;
        assertEquals(new FieldSpec(1024, 1024, 60, 8, want.preset(), want.psfFwhm(), want.sigma(), want.sky(), want.skyGradient(),
                want.pairFraction(), want.pixelScale(), true, want.seed()), d);
        FieldSpec s = new FieldSpec(512, 300, 15, 4, org.galaxyparams.sim.Preset.DATASET1, 0.6, 250, 500, 30, 0.1, 0.23, false, 9);
        String call = SimulateFieldPlugin.macroCall(s);
        String options = call.substring(call.indexOf(", \"") + 3, call.length() - 2);
        assertEquals(s, SimulateFieldPlugin.spec(SimulateFieldPlugin.form().read(options)), call);
    }

    @Test
    void outputsAreNeverTheFieldNorReplacedUnasked(@TempDir Path dir) throws Exception {
        Path field = Files.writeString(dir.resolve("field.fits"), "a field");
        // the image Simulate Field shows after saving names its file, as an opened one does
        ImagePlus imp = new ImagePlus("field.fits", new FloatProcessor(4, 4));
        imp.setFileInfo(SimulateFieldPlugin.savedAs(field));
        assertEquals(field, MeasureFieldPlugin.sourceFile(imp));
        assertNull(MeasureFieldPlugin.sourceFile(new ImagePlus("made", new FloatProcessor(4, 4))));

        Path csv = dir.resolve("field.csv"); // its FITS table would be field.fits
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeasureFieldPlugin.checkOutputs(csv, CatalogFiles.fitsBeside(csv), field, true));
        assertTrue(e.getMessage().startsWith("the FITS table beside save_csv, " + field + ": output " + field + " is also an input"), e.getMessage());

        Path old = Files.writeString(dir.resolve("cat.csv"), "an earlier catalog");
        e = assertThrows(IllegalArgumentException.class, () -> MeasureFieldPlugin.checkOutputs(old, CatalogFiles.fitsBeside(old), field, false));
        assertTrue(e.getMessage().startsWith(old + " exists: give another save_csv"), e.getMessage());
        assertTrue(e.getMessage().contains("tick overwrite"), e.getMessage());
        assertDoesNotThrow(() -> MeasureFieldPlugin.checkOutputs(old, CatalogFiles.fitsBeside(old), field, true));

        Path nowhere = dir.resolve("no folder").resolve("c.csv");
        e = assertThrows(IllegalArgumentException.class, () -> MeasureFieldPlugin.checkOutputs(nowhere, CatalogFiles.fitsBeside(nowhere), field, false));
        assertTrue(e.getMessage().contains("does not exist: create it"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> SimulateFieldPlugin.checkOutputs(field, FieldSimulation.truthBeside(field), false));
        assertTrue(e.getMessage().startsWith(field + " exists: give another save_to"), e.getMessage());
    }

    private static Object construct(String name) throws Exception {
        Constructor<?> c = Class.forName(name).getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private static Object call(Object command) throws Exception {
        Method m = command.getClass().getDeclaredMethod("request");
        m.setAccessible(true);
        return m.invoke(command);
    }

    /** Sets a SciJava parameter from text, as its converter would. */
    private static void set(Object command, String name, String value) throws Exception {
        Field f = command.getClass().getDeclaredField(name);
        f.setAccessible(true);
        Class<?> t = f.getType();
        if (t == double.class) f.setDouble(command, Double.parseDouble(value));
        else if (t == int.class) f.setInt(command, Integer.parseInt(value));
        else if (t == long.class) f.setLong(command, Long.parseLong(value));
        else f.set(command, value);
    }
}
