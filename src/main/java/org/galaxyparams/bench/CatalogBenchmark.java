package org.galaxyparams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.galaxyparams.app.CatalogFiles;
import org.galaxyparams.app.CatalogRequest;
import org.galaxyparams.app.FieldCatalog;
import org.galaxyparams.app.FieldEvaluation;
import org.galaxyparams.app.FieldSimulation;
import org.galaxyparams.app.Monitor;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.FieldSimulator;
import org.galaxyparams.field.FieldSpec;
import org.galaxyparams.io.FieldFits;

/**
 * The whole field path on a simulated field: draw it and write it (not timed), then read the FITS, find and measure
 * every source and write the catalog (timed, the networks already loaded), then check the catalog against the
 * truth, with the isolated galaxies also measured on clean stamps.
 */
public final class CatalogBenchmark {
    private CatalogBenchmark() {}

    public static String run(FieldSpec spec, CatalogRequest request) throws Exception {
        Path dir = Files.createTempDirectory("gp-bench-catalog");
        try {
            Path fits = dir.resolve("field.fits"), truth = dir.resolve("field.truth.csv"), csv = dir.resolve("catalog.csv");
            long t0 = System.nanoTime();
            FieldSimulator.SimulatedField f = FieldSimulation.run(spec, fits, truth, "bench catalog", Monitor.SILENT);
            double simulate = (System.nanoTime() - t0) / 1e9;
            org.galaxyparams.estimate.ParameterEstimator estimator = org.galaxyparams.app.Estimation.load(request.estimate(), Monitor.SILENT).estimator();
            FieldCatalog catalog = new FieldCatalog(request, estimator); // the same networks measure the clean stamps below
            long t1 = System.nanoTime();
            FieldImage field = FieldFits.read(fits);
            FieldCatalog.Result r = catalog.run(field, Monitor.SILENT);
            CatalogFiles.write(r, catalog.provenance(), csv, CatalogFiles.fitsBeside(csv), "bench catalog");
            double seconds = (System.nanoTime() - t1) / 1e9;
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "field %d x %d, %d galaxies + %d stars (%s, PSF %.2f arcsec, sigma %.0f, seed %d), drawn in %.1f s%n",
                    spec.width(), spec.height(), spec.galaxies(), spec.stars(), spec.preset().id(), spec.psfFwhm(), spec.sigma(), spec.seed(), simulate));
            b.append(String.format(Locale.ROOT, "catalog (read FITS, background, detection, %d sources, %d galaxies measured with %s, method %s, write):"
                    + " %.1f s%n", r.rows().size(), r.galaxies(), catalog.provenance(), request.estimate().method().id(), seconds));
            for (String n : r.notes()) b.append("  note: ").append(n).append('\n');
            FieldEvaluation.Report report = FieldEvaluation.evaluate(f.truth(), r.rows(), estimator, spec, spec.seed() + 1, Monitor.SILENT);
            b.append(report.describe());
            return b.toString();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }
}
