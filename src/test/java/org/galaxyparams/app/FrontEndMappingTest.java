package org.galaxyparams.app;

import org.galaxyparams.posterior.PriorBox;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.stamp.SkyMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every front-end maps the same inputs to the same {@link EstimateRequest}: the CLI's options, the SciJava command's
 * parameters and the Fiji plugin's macro options, for each row of a table of inputs (absent = the front-end's
 * default).
 */
class FrontEndMappingTest {
    /** One row: null for "not given". */
    record Inputs(String model, String denoiser, String device, String method, Double psfFwhm, Double sigma, boolean fromBorder,
                  String sky, String priorBox, Integer views) {
        Inputs(String model, String denoiser, String device, String method, Double psfFwhm, Double sigma, boolean fromBorder, String sky) {
            this(model, denoiser, device, method, psfFwhm, sigma, fromBorder, sky, null, null);
        }

        Inputs(String model, String denoiser, String device, String method, Double psfFwhm, Double sigma, boolean fromBorder, String sky,
               String priorBox) {
            this(model, denoiser, device, method, psfFwhm, sigma, fromBorder, sky, priorBox, null);
        }
    }

    static List<Inputs> table() {
        return List.of(
                new Inputs(null, null, null, null, null, null, false, null),
                new Inputs("xception-dataset3", "rdn", "cpu", "ml", 0.8, 250.0, false, "none"),
                new Inputs("models/my card.json", "EDSR", "gpu", "network", 0.0, null, true, "subtract"),
                new Inputs(null, "none", "auto", "posterior", null, 312.5, false, "auto"),
                new Inputs(null, null, null, "posterior", null, null, false, null, "n=1:4,hlr=0.1:0.3"),
                new Inputs(null, "rdn", null, null, null, null, false, null, null, 4),
                new Inputs(null, null, null, "ml", null, null, false, null, null, 8));
    }

    @ParameterizedTest
    @MethodSource("table")
    void cliSciJavaAndFijiMakeOneRequest(Inputs in) throws Exception {
        EstimateRequest cli = cli(in), scijava = scijava(in), fiji = fiji(in);
        assertEquals(cli, scijava, "CLI vs SciJava");
        assertEquals(cli, fiji, "CLI vs Fiji");
        // and the request is what the inputs say, with the documented defaults
        assertEquals(in.model() == null ? EstimateRequest.DEFAULTS.model() : in.model(), cli.model());
        assertEquals(in.denoiser() == null ? "none" : in.denoiser().toLowerCase(Locale.ROOT), cli.denoiser());
        assertEquals(in.psfFwhm() == null || in.psfFwhm() <= 0 ? Double.NaN : in.psfFwhm(), cli.psfFwhm());
        assertEquals(in.sky() == null ? SkyMode.AUTO : SkyMode.parse(in.sky()), cli.sky());
        assertEquals(in.method() == null ? "network" : in.method(), cli.method().id());
        assertEquals(in.priorBox() == null ? "" : PriorBox.parse(in.priorBox()).text(), cli.priorBox());
        assertEquals(in.views() == null ? 0 : in.views(), cli.views());
        assertTrue(in.views() == null || cli.cliOptions().contains("--views " + in.views()) && cli.macroOptions().contains("views=" + in.views()));
    }

    private static EstimateRequest cli(Inputs in) throws Exception {
        List<String> args = new ArrayList<>(List.of("--in", "x", "--out", "y.csv"));
        if (in.model() != null) args.addAll(List.of("--model", in.model()));
        if (in.denoiser() != null) args.addAll(List.of("--denoiser", in.denoiser()));
        if (in.device() != null) args.addAll(List.of("--device", in.device()));
        if (in.method() != null) args.addAll(List.of("--method", in.method()));
        if (in.psfFwhm() != null) args.addAll(List.of("--psf-fwhm", in.psfFwhm().toString()));
        if (in.sigma() != null) args.addAll(List.of("--sigma", in.sigma().toString()));
        if (in.fromBorder()) args.add("--sigma-from-border");
        if (in.sky() != null) args.addAll(List.of("--sky", in.sky()));
        if (in.priorBox() != null) args.addAll(List.of("--prior-box", in.priorBox()));
        if (in.views() != null) args.addAll(List.of("--views", in.views().toString()));
        Object command = construct("org.galaxyparams.cli.EstimateCommand");
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return call(command);
    }

    private static EstimateRequest scijava(Inputs in) throws Exception {
        Object command = construct("org.galaxyparams.scijava.EstimateParametersCommand");
        if (in.model() != null) set(command, "model", in.model());
        if (in.denoiser() != null) set(command, "denoiser", in.denoiser());
        if (in.device() != null) set(command, "device", in.device());
        if (in.method() != null) set(command, "method", in.method());
        if (in.psfFwhm() != null) set(command, "psf_fwhm", in.psfFwhm());
        if (in.sigma() != null) set(command, "sigma", in.sigma());
        set(command, "sigma_from_border", in.fromBorder());
        if (in.sky() != null) set(command, "sky", in.sky());
        if (in.priorBox() != null) set(command, "prior_box", in.priorBox());
        if (in.views() != null) set(command, "views", in.views());
        return call(command);
    }

    private static EstimateRequest fiji(Inputs in) throws Exception {
        StringBuilder options = new StringBuilder();
        if (in.model() != null) options.append(" model=[").append(in.model()).append(']');
        if (in.denoiser() != null) options.append(" denoiser=").append(in.denoiser());
        if (in.device() != null) options.append(" device=").append(in.device());
        if (in.method() != null) options.append(" method=").append(in.method());
        if (in.psfFwhm() != null) options.append(" psf_fwhm=").append(in.psfFwhm());
        if (in.sigma() != null) options.append(" sigma=").append(in.sigma());
        if (in.fromBorder()) options.append(" estimate_sigma_from_border");
        if (in.sky() != null) options.append(" sky=").append(in.sky());
        if (in.priorBox() != null) options.append(" prior_box=[").append(in.priorBox()).append(']');
        if (in.views() != null) options.append(" views=").append(in.views());
        Class<?> plugin = Class.forName("org.galaxyparams.ij.EstimateParametersPlugin");
        Method form = plugin.getDeclaredMethod("form");
        form.setAccessible(true);
        Object macroForm = form.invoke(null);
        Method read = macroForm.getClass().getMethod("read", String.class);
        Object values = read.invoke(macroForm, options.toString().trim());
        Method request = plugin.getDeclaredMethod("request", values.getClass());
        request.setAccessible(true);
        return (EstimateRequest) request.invoke(null, values);
    }

    /** A fit row: null for "not given". */
    record FitInputs(Double psfFwhm, Double beta, Double sigma, boolean fromBorder, boolean freeCentre, Double pixelScale, String sky) {}

    static List<FitInputs> fitTable() {
        return List.of(
                new FitInputs(null, null, null, false, false, null, null),
                new FitInputs(0.6, 3.5, 280.0, false, true, 0.2, "none"),
                new FitInputs(0.0, 0.0, null, true, false, 0.0, "subtract"));
    }

    @ParameterizedTest
    @MethodSource("fitTable")
    void fitRequestsAreTheSameEverywhere(FitInputs in) throws Exception {
        List<String> args = new ArrayList<>(List.of("--in", "x.fits", "--out", "y.csv"));
        if (in.psfFwhm() != null) args.addAll(List.of("--psf-fwhm", in.psfFwhm().toString()));
        if (in.beta() != null) args.addAll(List.of("--beta", in.beta().toString()));
        if (in.sigma() != null) args.addAll(List.of("--sigma", in.sigma().toString()));
        if (in.fromBorder()) args.add("--sigma-from-border");
        if (in.freeCentre()) args.add("--free-centre");
        if (in.pixelScale() != null) args.addAll(List.of("--pixel-scale", in.pixelScale().toString()));
        if (in.sky() != null) args.addAll(List.of("--sky", in.sky()));
        Object cli = construct("org.galaxyparams.cli.FitCommand");
        new CommandLine(cli).parseArgs(args.toArray(String[]::new));

        Object scijava = construct("org.galaxyparams.scijava.FitGalaxiesCommand");
        if (in.psfFwhm() != null) set(scijava, "psf_fwhm", in.psfFwhm());
        if (in.beta() != null) set(scijava, "beta", in.beta());
        if (in.sigma() != null) set(scijava, "sigma", in.sigma());
        set(scijava, "sigma_from_border", in.fromBorder());
        set(scijava, "free_centre", in.freeCentre());
        if (in.pixelScale() != null) set(scijava, "pixel_scale", in.pixelScale());
        if (in.sky() != null) set(scijava, "sky", in.sky());

        StringBuilder options = new StringBuilder();
        if (in.psfFwhm() != null) options.append(" psf_fwhm=").append(in.psfFwhm());
        if (in.beta() != null) options.append(" psf_beta=").append(in.beta());
        if (in.sigma() != null) options.append(" sigma=").append(in.sigma());
        if (in.fromBorder()) options.append(" estimate_sigma_from_border");
        if (in.freeCentre()) options.append(" free_centre");
        if (in.pixelScale() != null) options.append(" pixel_scale=").append(in.pixelScale());
        if (in.sky() != null) options.append(" sky=").append(in.sky());
        FitRequest fiji = (FitRequest) fromMacro("org.galaxyparams.ij.FitGalaxyPlugin", options.toString().trim());

        FitRequest fromCli = (FitRequest) call(cli);
        // threads and count are run settings the plugin leaves at their defaults
        assertEquals(fromCli, call(scijava), "CLI vs SciJava");
        assertEquals(fromCli, fiji, "CLI vs Fiji");
        assertEquals(in.psfFwhm() == null || in.psfFwhm() <= 0 ? Double.NaN : in.psfFwhm(), fromCli.psfFwhm());
    }

    /** Train Network and the train command make one request for the same inputs (the plugin validates every 500 steps too). */
    @Test
    void trainRequestsAreTheSameInFijiAndOnTheCommandLine() throws Exception {
        Object cli = construct("org.galaxyparams.cli.TrainCommand");
        new CommandLine(cli).parseArgs("--network", "xception", "--preset", "dataset2", "--steps", "3000", "--lr", "0.0005", "--seed", "7",
                "--asinh", "--augment", "--errors", "--max-minutes", "30", "--out", "mymodels");
        TrainRequest fromCli = call(cli);
        TrainRequest fiji = (TrainRequest) fromMacro("org.galaxyparams.ij.TrainNetworkPlugin",
                "network=xception preset=dataset2 steps=3000 learning_rate=0.0005 seed=7 asinh augment errors max_minutes=30 folder=mymodels");
        assertEquals(fromCli, fiji);
        assertEquals(10, fiji.options().architecture().xception().outputs(), "errors: a mean and a spread per label");
        assertEquals("xception-dataset2", fiji.name());
        assertEquals(fromCli.command(), fiji.command());

        Object shapedCli = construct("org.galaxyparams.cli.TrainCommand");
        new CommandLine(shapedCli).parseArgs("--network", "xception", "--steps", "3000", "--asinh", "--pool", "1", "--blocks", "3",
                "--filters", "48", "--unshuffle-entry", "--init-from", "mymodels/base.json");
        TrainRequest shaped = (TrainRequest) fromMacro("org.galaxyparams.ij.TrainNetworkPlugin",
                "network=xception steps=3000 asinh blocks=3 filters=48 pool=1 unshuffle_entry init_from=mymodels/base.json folder=models");
        assertEquals((TrainRequest) call(shapedCli), shaped, "the regressor's shape and starting weights from the dialog");
        var x = shaped.options().architecture().xception();
        assertEquals(3, x.blocks());
        assertEquals(48, x.blockFilters());
        assertTrue(x.unshuffleEntry());
        assertTrue(shaped.command().contains("--blocks 3 --filters 48 --unshuffle-entry") && shaped.command().contains("--init-from mymodels/base.json"),
                shaped.command());
        TrainRequest pool0 = (TrainRequest) fromMacro("org.galaxyparams.ij.TrainNetworkPlugin", "network=xception pool=0");
        assertEquals(0, pool0.options().architecture().xception().poolAfterEntry());

        java.lang.reflect.InvocationTargetException e = assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> fromMacro("org.galaxyparams.ij.TrainNetworkPlugin", "network=edsr asinh"));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("shape the xception regressor, not edsr"), e.getCause().getMessage());
    }

    private static Object fromMacro(String pluginClass, String options) throws Exception {
        Class<?> plugin = Class.forName(pluginClass);
        Method form = plugin.getDeclaredMethod("form");
        form.setAccessible(true);
        Object macroForm = form.invoke(null);
        Object values = macroForm.getClass().getMethod("read", String.class).invoke(macroForm, options);
        Method request = plugin.getDeclaredMethod("request", values.getClass());
        request.setAccessible(true);
        return request.invoke(null, values);
    }

    private static Object construct(String name) throws Exception {
        var c = Class.forName(name).getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private static void set(Object o, String field, Object value) throws Exception {
        Field f = o.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(o, value);
    }

    private static <T> T call(Object command) throws Exception {
        Method m = command.getClass().getDeclaredMethod("request");
        m.setAccessible(true);
        @SuppressWarnings("unchecked")
        T request = (T) m.invoke(command);
        return request;
    }
}
