package org.galaxyparams.cli;

import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.SimulateRequest;
import org.galaxyparams.app.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.galaxyparams.io.CatalogReader;
import org.galaxyparams.io.CatalogRow;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetWriter;
import org.galaxyparams.io.StampFits;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Prior;
import org.galaxyparams.sim.Sample;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.sim.UniformPrior;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulate}: a preset, a custom prior or a catalog into a FITS dataset (SPEC section 3). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulates galaxies into a FITS dataset: a preset (dataset1..3, snr30, snr60), a custom prior, or a CSV catalog.")
final class SimulateCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    Source source = new Source();

    static final class Source {
        @Option(names = "--preset", description = "dataset1, dataset2, dataset3, snr30 or snr60 (default dataset3)")
        String preset;
        @Option(names = "--catalog", description = "CSV with columns flux,sersic_n,hlr,g1,g2,psf_fwhm[,sigma,seed]; row order is kept")
        Path catalog;
        @Option(names = "--custom", description = "use the custom prior given by the --*-range options")
        boolean custom;
    }

    @Option(names = "--out", required = true, description = "output FITS dataset")
    Path out;
    @Option(names = "--count", description = "accepted samples to generate (default: 10000 for snr30/snr60, else 1000)")
    Integer count;
    @Option(names = "--seed", defaultValue = "" + SimulateRequest.SEED, description = "base seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;
    @Option(names = "--size", defaultValue = "64", description = "stamp size in pixels (default ${DEFAULT-VALUE})")
    int size;
    @Option(names = "--scale", defaultValue = "0.23", description = "pixel scale in arcsec/pixel (default ${DEFAULT-VALUE})")
    double scale;
    @Option(names = "--offset", split = ",", description = "sub-pixel offset x,y of the profile centre in pixels")
    double[] offset;
    @Option(names = "--psf", defaultValue = "moffat", description = "moffat or gaussian (default ${DEFAULT-VALUE})")
    String psf;
    @Option(names = "--beta", defaultValue = "2.0", description = "Moffat beta (default ${DEFAULT-VALUE})")
    double beta;
    @Option(names = "--snr-range", split = ",", defaultValue = "10,100", description = "accepted SNR window (default ${DEFAULT-VALUE})")
    double[] snrRange;
    @Option(names = "--no-noiseless", description = "do not store the NOISELESS extension")
    boolean noNoiseless;
    @Option(names = "--stamps-dir", description = "also write each noisy stamp as its own FITS file, named by its parameters")
    Path stampsDir;
    @Option(names = "--sigma", defaultValue = "0", description = "catalog rows without sigma use this noise sigma (default ${DEFAULT-VALUE})")
    double catalogSigma;

    @Option(names = "--flux-range", split = ",", defaultValue = "30000,400000", description = "custom prior: flux min,max in counts")
    double[] fluxRange;
    @Option(names = "--n-range", split = ",", defaultValue = "0.5,6", description = "custom prior: Sersic n min,max")
    double[] nRange;
    @Option(names = "--n-values", defaultValue = "0", description = "custom prior: 0 for continuous n, else that many equally spaced values")
    int nValues;
    @Option(names = "--hlr-range", split = ",", defaultValue = "0.1,0.6", description = "custom prior: half-light radius min,max in arcsec")
    double[] hlrRange;
    @Option(names = "--shear-max", defaultValue = "0.67", description = "custom prior: largest |g|")
    double shearMax;
    @Option(names = "--psf-range", split = ",", defaultValue = "0.5,1.0", description = "custom prior: PSF FWHM min,max in arcsec")
    double[] psfRange;
    @Option(names = "--sigma-range", split = ",", defaultValue = "200,400", description = "custom prior: integer sigma min,max in counts")
    double[] sigmaRange;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The custom prior's options: with a preset or a catalog they would be ignored. */
    static final List<String> CUSTOM_ONLY = List.of("--flux-range", "--n-range", "--n-values", "--hlr-range", "--shear-max", "--psf-range",
            "--sigma-range");

    /** Refuses options given but without effect on this source, naming them and the fix. */
    void refuseIgnoredOptions() {
        var parsed = spec.commandLine().getParseResult();
        List<String> given = CUSTOM_ONLY.stream().filter(parsed::hasMatchedOption).toList();
        if (!source.custom && !given.isEmpty())
            throw new IllegalArgumentException(String.join(", ", given) + " set" + (given.size() == 1 ? "s" : "") + " the custom prior: add"
                    + " --custom to draw from " + (given.size() == 1 ? "it" : "them") + (source.catalog != null ? "" : ", or drop "
                    + (given.size() == 1 ? "it" : "them") + " to draw from the preset"));
        if (source.catalog != null)
            for (String o : List.of("--count", "--snr-range"))
                if (parsed.hasMatchedOption(o))
                    throw new IllegalArgumentException(o + " does not apply to --catalog (each row is drawn once, as given): drop it");
    }

    @Override
    public Integer call() throws Exception {
        refuseIgnoredOptions();
        StampGeometry geometry = new StampGeometry(size, scale, offset == null ? 0 : offset[0], offset == null ? 0 : offset[1]);
        double psfBeta = switch (psf.toLowerCase(Locale.ROOT)) {
            case "moffat" -> beta;
            case "gaussian" -> Double.NaN;
            default -> throw new IllegalArgumentException("--psf must be moffat or gaussian, got " + psf);
        };
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        String command = "Galaxy_Params.jar " + String.join(" ", CliSupport.commandLine());
        long t0 = System.nanoTime();
        int written;
        CliSupport.checkOutput("--out", out, source.catalog);
        if (source.catalog != null) {
            written = simulateCatalog(geometry, psfBeta, workers, command);
        } else {
            written = simulatePrior(geometry, psfBeta, workers, command);
        }
        System.out.printf(Locale.ROOT, "wrote %d images to %s in %.1f s%n", written, out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private int simulatePrior(StampGeometry geometry, double psfBeta, int workers, String command) throws Exception {
        Prior prior;
        String presetId;
        int n;
        if (source.custom) {
            prior = new UniformPrior(fluxRange[0], fluxRange[1], nRange[0], nRange[1], nValues, hlrRange[0], hlrRange[1],
                    shearMax, psfRange[0], psfRange[1], sigmaRange[0], sigmaRange[1], true);
            presetId = "custom";
            n = count == null ? 1000 : count;
        } else {
            Preset p = source.preset == null ? SimulateRequest.PRESET : Preset.parse(source.preset);
            prior = p.prior();
            presetId = p.id();
            n = count == null ? SimulateRequest.count(p) : count;
        }
        if (n < 1) throw new IllegalArgumentException("--count must be at least 1");
        SimulationConfig config = new SimulationConfig(prior, psfBeta, geometry, seed, snrRange[0], snrRange[1], true, true);
        DatasetInfo info = DatasetInfo.forSimulation(config, presetId, command);
        int[] index = {0};
        return Simulation.run(config, n, workers, info, out, !noNoiseless, s -> writeStamp(info, s, index[0]++),
                Monitor.of(new TerminalProgress(System.err, "simulate " + presetId), () -> false, System.err::println));
    }

    private int simulateCatalog(StampGeometry geometry, double psfBeta, int workers, String command) throws Exception {
        List<CatalogRow> rows = CatalogReader.read(source.catalog); // every row is checked before anything is written
        if (rows.isEmpty()) throw new IllegalArgumentException(source.catalog + " has no data rows");
        FixedRows prior = new FixedRows();
        SimulationConfig config = new SimulationConfig(prior, psfBeta, geometry, seed, 0, Double.POSITIVE_INFINITY, true, true);
        DatasetInfo info = DatasetInfo.forSimulation(config, "catalog", command);
        boolean psfVaries = rows.stream().anyMatch(r -> r.psfFwhm() != rows.get(0).psfFwhm());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        ThreadLocal<SampleFactory> factories = ThreadLocal.withInitial(() -> new SampleFactory(config));
        DatasetWriter writer = DatasetWriter.create(out, info, !noNoiseless, psfVaries);
        try {
            List<Future<Sample>> futures = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                CatalogRow r = rows.get(i);
                long rowSeed = r.seed() != null ? r.seed() : SampleFactory.candidateSeed(seed, i);
                double sigma = Double.isNaN(r.sigma()) ? catalogSigma : r.sigma();
                futures.add(pool.submit(() -> factories.get().render(r.params(), r.psfFwhm(), sigma, rowSeed)));
            }
            TerminalProgress progress = new TerminalProgress(System.err, "simulate catalog");
            for (int i = 0; i < futures.size(); i++) {
                Sample s = futures.get(i).get();
                writer.append(s);
                writeStamp(info, s, i);
                progress.progress(i + 1, futures.size());
            }
            writer.commit();
        } catch (Exception e) {
            writer.abort();
            throw CliSupport.unwrap(e);
        } finally {
            pool.shutdownNow();
        }
        return rows.size();
    }

    private void writeStamp(DatasetInfo info, Sample s, int index) {
        if (stampsDir == null) return;
        CliSupport.unchecked(() -> {
            Files.createDirectories(stampsDir);
            StampFits.write(stampsDir.resolve(stampName(index, s)), s.noisy(), info, s);
        });
    }

    /** e.g. {@code 0003_flux1.2e5_n2.35_hlr0.321_g1+0.100_g2-0.050_psf0.60_sigma300.fits} */
    static String stampName(int index, Sample s) {
        var p = s.params();
        return String.format(Locale.ROOT, "%04d_flux%.3e_n%.2f_hlr%.3f_g1%+.3f_g2%+.3f_psf%.2f_sigma%.0f.fits", index,
                p.flux(), p.sersicN(), p.hlrArcsec(), p.g1(), p.g2(), s.psfFwhm(), s.sigma()).replace("e+0", "e");
    }

    /** The catalog's "prior": parameters come from the rows, so draw() is never called. */
    private static final class FixedRows implements Prior {
        @Override
        public Draw draw(java.util.SplittableRandom rng) { throw new UnsupportedOperationException("catalog rows are rendered directly"); }

        @Override
        public String describe() { return "catalog rows"; }
    }
}
