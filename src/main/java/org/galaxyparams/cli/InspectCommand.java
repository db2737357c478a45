package org.galaxyparams.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.galaxyparams.io.DatasetInfo;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.PsfModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code inspect}: prints a dataset's header and labels; where the truth and the noiseless images are stored,
 * re-renders each galaxy and reports the largest difference relative to its peak (a self-check of the file).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints a FITS dataset's provenance and labels, and re-renders stored truths to check the noiseless images.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "FITS dataset or stamp")
    Path file;
    @Option(names = "--limit", defaultValue = "20", description = "rows to print (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        try (DatasetReader r = DatasetReader.open(file)) {
            DatasetInfo info = r.info();
            System.out.printf(Locale.ROOT, "%s: %d images of %dx%d at %.4f arcsec/pixel, PSF %s beta=%s, preset %s, seed %d%n",
                    file, r.count(), r.size(), r.size(), info.geometry().pixelScale(), info.psfType(), info.psfBeta(),
                    info.preset(), info.seed());
            System.out.println("  produced by: " + info.command() + " (version " + info.version() + ")");
            System.out.println("      #        flux  sersic_n     hlr      g1      g2  psf_fwhm   sigma     snr  rerender/peak");
            GalaxyRenderer renderer = new GalaxyRenderer();
            double worst = 0;
            for (int i = 0; i < r.count(); i++) {
                GalaxyParams p = r.truth(i);
                double check = Double.NaN;
                if (p != null && r.hasNoiseless() && info.psfType() != null) {
                    PsfModel psf = DatasetInfo.GAUSSIAN.equals(info.psfType()) ? PsfModel.gaussian(r.psfFwhm(i))
                            : PsfModel.moffat(info.psfBeta(), r.psfFwhm(i));
                    double[] again = renderer.render(p, psf, info.geometry());
                    float[] stored = r.noiseless(i);
                    double peak = 0, diff = 0;
                    for (int k = 0; k < again.length; k++) {
                        peak = Math.max(peak, Math.abs(again[k]));
                        diff = Math.max(diff, Math.abs(again[k] - stored[k]));
                    }
                    check = diff / peak;
                    worst = Math.max(worst, check);
                }
                if (i < limit) {
                    System.out.printf(Locale.ROOT, "%7d %11.1f %9.3f %7.3f %7.3f %7.3f %9.3f %7.1f %7.2f  %.1e%n", i,
                            p == null ? Double.NaN : p.flux(), p == null ? Double.NaN : p.sersicN(),
                            p == null ? Double.NaN : p.hlrArcsec(), p == null ? Double.NaN : p.g1(),
                            p == null ? Double.NaN : p.g2(), r.psfFwhm(i), r.sigma(i), r.snr(i), check);
                }
            }
            if (r.count() > limit) System.out.println("      ... (" + (r.count() - limit) + " more)");
            if (worst > 0) System.out.printf(Locale.ROOT, "largest re-render difference: %.2e of the peak%n", worst);
        }
        return 0;
    }
}
