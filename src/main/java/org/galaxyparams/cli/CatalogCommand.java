package org.galaxyparams.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.galaxyparams.app.CatalogFiles;
import org.galaxyparams.app.CatalogRequest;
import org.galaxyparams.app.EstimateRequest;
import org.galaxyparams.app.FieldCatalog;
import org.galaxyparams.app.FieldEvaluation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.app.Shard;
import org.galaxyparams.estimate.EstimateMethod;
import org.galaxyparams.estimate.ModelLocator;
import org.galaxyparams.field.DetectionSettings;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.io.FieldFits;
import org.galaxyparams.stamp.SkyMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code catalog}: finds the sources of a field and measures its galaxies into a catalog (CSV and FITS table). */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Finds the sources of a field image (background mesh, detection, deblending, star/galaxy split), cuts a stamp"
                + " per galaxy with its neighbours masked, measures it, and writes a catalog as CSV and FITS table.")
final class CatalogCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "field image (2-D FITS)")
    Path in;
    @Option(names = "--out", required = true, description = "catalog CSV")
    Path out;
    @Option(names = "--fits", description = "catalog FITS table (default: beside the CSV, .fits, or none with --shard; 'none' for the CSV alone)")
    String fits;
    @Option(names = "--overwrite", description = "replace catalogs already there (else they are refused)")
    boolean overwrite;
    @Option(names = "--model", defaultValue = ModelLocator.DEFAULT_REGRESSOR, description = "regressor name or model card (.json)")
    String model;
    @Option(names = "--denoiser", defaultValue = "none", description = "none, edsr, rdn, or a denoiser name / card")
    String denoiser;
    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu")
    String device;
    @Option(names = "--method", description = "network (default), ml (refined by maximum likelihood) or posterior")
    String method;
    @Option(names = "--prior-box", description = "posterior only: the prior's box in place of the model card's ranges (see estimate --help)")
    String priorBox;
    @Option(names = "--psf-fwhm", description = "PSF FWHM in arcsec (wins over the header's PSF_FWHM; default: the header's, else measured on the stars)")
    double psfFwhm;
    @Option(names = "--sigma", description = "noise sigma in counts (wins over the header's SIGMA; default: the header's, else the background mesh)")
    double sigma;
    @Option(names = "--pixel-scale", description = "arcsec/pixel (wins over PIXSCALE and the WCS)")
    double pixelScale;
    @Option(names = "--saturation", description = "counts at which a pixel is saturated (wins over SATURATE)")
    double saturation;
    @Option(names = "--threshold", defaultValue = "2", description = "footprint threshold, sigma of the filtered image (default ${DEFAULT-VALUE})")
    double threshold;
    @Option(names = "--detection", defaultValue = "5", description = "filtered peak a source needs, sigma (default ${DEFAULT-VALUE})")
    double detection;
    @Option(names = "--min-area", defaultValue = "5", description = "fewest footprint pixels of a source (default ${DEFAULT-VALUE})")
    int minArea;
    @Option(names = "--deblend-sigma", defaultValue = "3", description = "a peak is split off when it rises this many sigma above the saddle (default ${DEFAULT-VALUE})")
    double deblendSigma;
    @Option(names = "--deblend-contrast", defaultValue = "0.01", description = "...and this fraction of the brighter peak; 1 = no deblending (default ${DEFAULT-VALUE})")
    double deblendContrast;
    @Option(names = "--background-box", defaultValue = "64", description = "background mesh box, pixels; 0 = one constant sky (default ${DEFAULT-VALUE})")
    int backgroundBox;
    @Option(names = "--shard", description = "k/N: measure only the blocks of 64 source ids b with b mod N = k (job arrays; join the parts with merge)")
    String shard;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the noise filling masked pixels for the networks (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--threads", defaultValue = "0", description = "PyTorch threads (0 = one per core)")
    int threads;
    @Option(names = "--truth", description = "truth CSV of a simulated field (simulate-field): print completeness, purity and classes (not with --shard)")
    Path truth;

    CatalogRequest request() {
        EstimateRequest e = new EstimateRequest(model, denoiser, device, EstimateMethod.parse(method), psfFwhm, sigma, false, SkyMode.AUTO,
                false, threads, priorBox);
        DetectionSettings d = new DetectionSettings(threshold, detection, minArea, deblendSigma, deblendContrast, backgroundBox);
        return new CatalogRequest(e, d, pixelScale, saturation, Shard.parse(shard), seed);
    }

    @Override
    public Integer call() throws Exception {
        CatalogRequest request = request();
        if (!Files.isRegularFile(in)) throw new IllegalArgumentException("--in " + in + ": no such file");
        // a shard's part is a CSV for merge: no table unless asked
        Path fitsOut = "none".equalsIgnoreCase(fits) || (fits == null && !request.shard().whole()) ? null
                : fits != null ? Path.of(fits) : CatalogFiles.fitsBeside(out);
        org.galaxyparams.field.TruthTable truthTable = null;
        if (truth != null) { // read before the run: a wrong truth file fails in a second, not after the catalog
            if (!request.shard().whole())
                throw new IllegalArgumentException("--truth compares a whole catalog with the field's truth: leave out --shard, or merge the parts first");
            if (!Files.isRegularFile(truth)) throw new IllegalArgumentException("--truth " + truth + ": no such file");
            truthTable = org.galaxyparams.field.TruthTable.read(truth);
        }
        if (!request.shard().whole() && !overwrite && CatalogFiles.completePart(out)) {
            // a job array run again: this part is done (a part is written whole or not at all)
            System.out.println("note: " + out + " is already a complete catalog part: left as it is (--overwrite to redo it)");
            return 0;
        }
        CatalogFiles.checkOutputs(out, fitsOut, in, overwrite, "--out", "--overwrite");
        FieldImage field = FieldFits.read(in);
        if (truthTable != null) truthTable.checkFits(field, truth);
        Monitor quiet = Monitor.of((d, t) -> {}, () -> false, System.err::println);
        FieldCatalog catalog = FieldCatalog.load(request, quiet);
        Monitor monitor = Monitor.of(new TerminalProgress(System.err, "catalog"), () -> false, m -> System.err.println("note: " + m));
        long t0 = System.nanoTime();
        FieldCatalog.Result r = catalog.run(field, monitor);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String command = "Galaxy_Params.jar " + String.join(" ", CliSupport.commandLine());
        CatalogFiles.write(r, catalog.provenance(), out, fitsOut, command);
        for (String n : r.notes()) System.out.println("note: " + n);
        System.out.printf(java.util.Locale.ROOT, "%s: %d sources (%d galaxies, %d stars) found, %d of them in this run; %.1f s; wrote %s%s%n",
                field.name(), r.found().sources().size(), r.found().sources().stream().filter(s -> !s.star()).count(),
                r.found().sources().stream().filter(s -> s.star()).count(), r.rows().size(), seconds, out, fitsOut == null ? "" : " and " + fitsOut);
        if (truthTable != null)
            System.out.print(FieldEvaluation.evaluate(truthTable.sources(), r.rows(), null, truthTable.spec(field, r.pixelScale()), seed, monitor).describe());
        return 0;
    }
}
