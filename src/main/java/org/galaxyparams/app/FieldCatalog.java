package org.galaxyparams.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.galaxyparams.estimate.Estimate;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.estimate.ParameterEstimator;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.field.BackgroundMap;
import org.galaxyparams.field.FieldFlags;
import org.galaxyparams.field.FieldImage;
import org.galaxyparams.field.FieldSources;
import org.galaxyparams.field.FoundSource;
import org.galaxyparams.field.GalaxyStamp;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.NoiseModel;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;

/**
 * The field workflow for every front-end: find the sources of a field ({@link FieldSources}), cut a stamp around each
 * galaxy with its neighbours masked, estimate it with the request's method, and give one typed row per source
 * ({@link CatalogRow}); stars get their PSF flux. Front-ends only show the rows and write them ({@link CatalogFiles}).
 */
public final class FieldCatalog {
    /**
     * Sources go to the estimator in blocks of this many consecutive ids (the galaxies among them in one call), and a
     * shard owns whole blocks: a network's float32 answer for a stamp depends a little on which stamps share its
     * batch, so equal batches in a sharded and an unsharded run are what makes their rows equal to the last digit.
     */
    public static final int BLOCK = 64;

    /**
     * @param rows this shard's sources in id order
     * @param found everything the detector found (all shards)
     * @param notes what the run assumed or measured (PSF, WCS, pixel scale), one line each
     */
    public record Result(String field, List<CatalogRow> rows, FieldSources.Found found, double pixelScale, List<String> notes,
                         boolean cancelled) {
        public long galaxies() { return rows.stream().filter(CatalogRow::galaxy).count(); }
    }

    private final CatalogRequest request;
    private final ParameterEstimator estimator;

    public FieldCatalog(CatalogRequest request, ParameterEstimator estimator) {
        this.request = request;
        this.estimator = estimator;
    }

    /** Loads the request's networks (cached per session). */
    public static FieldCatalog load(CatalogRequest request, Monitor monitor) throws IOException {
        return new FieldCatalog(request, Estimation.load(request.estimate(), monitor).estimator());
    }

    public String provenance() { return estimator.provenance(); }

    /**
     * Catalogs one field.
     *
     * @throws IllegalArgumentException for a field that cannot be measured at all: a pixel scale the model was not
     *                                  trained for, no finite pixels, a PSF that can be neither read nor measured
     */
    public Result run(FieldImage field, Monitor monitor) {
        List<String> notes = new ArrayList<>();
        double modelScale = estimator.pixelScale();
        double scale = request.pixelScale() > 0 ? request.pixelScale() : field.pixelScale();
        if (!(scale > 0)) {
            scale = modelScale;
            notes.add(String.format(Locale.ROOT, "pixel scale assumed %.4g arcsec/pixel (the model's; the field states none)", modelScale));
        }
        String problem = Estimation.pixelScaleProblem(scale, modelScale);
        if (problem != null) // the problem names the fix (field mode does not resample)
            throw new IllegalArgumentException(field.name() + ": " + (request.pixelScale() > 0 ? "--pixel-scale / pixel_scale gives a " : "its header gives a ")
                    + problem);
        int size = estimator.stampSize();
        if (field.width() < size || field.height() < size)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %dx%d pixels, smaller than one %dx%d stamp: measure it with"
                    + " Estimate Parameters instead", field.name(), field.width(), field.height(), size, size));
        double psf = request.estimate().psfFwhm() > 0 ? request.estimate().psfFwhm() : field.psfFwhm();
        double sigma = request.estimate().sigma() > 0 ? request.estimate().sigma() : field.sigma();
        double saturation = request.saturation() > 0 ? request.saturation() : field.saturation();
        if (!field.wcsNote().isEmpty()) notes.add(field.wcsNote());

        monitor.status("Finding sources in " + field.name() + "...");
        FieldSources.Found found = FieldSources.find(field, request.detection(), psf,
                request.estimate().psfFwhm() > 0 ? "given" : "from the header", estimator.psfBeta(), scale, sigma, monitor::isCancelled);
        if (found == null) return new Result(field.name(), List.of(), null, scale, notes, true);
        notes.add(found.psfNote());
        if (!(sigma > 0)) notes.add(String.format(Locale.ROOT, "noise from the background mesh (typical sigma %.4g counts)", found.noise().typicalRms()));
        else notes.add(String.format(Locale.ROOT, "noise sigma %.4g counts %s", sigma, request.estimate().sigma() > 0 ? "given" : "from the header"));
        if (found.background().isConstant() && !(sigma > 0)) notes.add("constant sky");

        // this shard's sources (whole blocks of ids); galaxies get stamps
        List<FoundSource> mine = new ArrayList<>();
        for (FoundSource s : found.sources()) if (request.shard().owns((s.id() - 1) / BLOCK)) mine.add(s);
        List<GalaxyStamp> stamps = new ArrayList<>(mine.size());
        List<StampInput> inputs = new ArrayList<>();
        List<Integer> blockStarts = new ArrayList<>(); // index in inputs where each block's galaxies begin
        int lastBlock = -1;
        for (FoundSource s : mine) {
            if ((s.id() - 1) / BLOCK != lastBlock) {
                lastBlock = (s.id() - 1) / BLOCK;
                blockStarts.add(inputs.size());
            }
            GalaxyStamp g = GalaxyStamp.cut(field.pixels(), found.subtracted(), found.segmentation(), s.id(), s.shape().x(), s.shape().y(), size,
                    found.noise(), saturation, request.seed());
            stamps.add(g);
            if (g == null || s.star()) continue;
            double noise = found.noise().rms((int) s.shape().x(), (int) s.shape().y());
            inputs.add(new StampInput("#" + s.id(), g.pixels(), size, found.psfFwhm(), noise, g.offsetX(s.shape().x()),
                    g.offsetY(s.shape().y()), true, g.masked()));
        }

        monitor.status(String.format(Locale.ROOT, "Measuring %d galaxies...", inputs.size()));
        List<Estimate> estimates = new ArrayList<>(inputs.size());
        blockStarts.add(inputs.size());
        for (int b = 0; b + 1 < blockStarts.size() && !monitor.isCancelled(); b++) {
            List<StampInput> block = inputs.subList(blockStarts.get(b), blockStarts.get(b + 1));
            if (block.isEmpty()) continue;
            int done = estimates.size();
            List<Estimate> got = estimator.estimate(block, monitor::isCancelled, (d, t) -> monitor.progress(done + d, inputs.size()));
            if (got.size() < block.size() || monitor.isCancelled()) break; // a block cut short by a cancel is not kept in part
            estimates.addAll(got);
            monitor.progress(estimates.size(), inputs.size());
        }
        boolean cancelled = estimates.size() < inputs.size();

        PsfModel psfModel = PsfModel.moffat(estimator.psfBeta(), found.psfFwhm());
        CatalogRow[] rows = new CatalogRow[mine.size()];
        int[] estimateOf = new int[mine.size()];
        int next = 0;
        for (int i = 0; i < mine.size(); i++) {
            boolean measured = stamps.get(i) != null && !mine.get(i).star();
            estimateOf[i] = measured ? next++ : -1;
        }
        double finalScale = scale;
        ThreadLocal<GalaxyRenderer> renderers = ThreadLocal.withInitial(GalaxyRenderer::new);
        // rows are independent; the model images behind snr are the costly part
        IntStream.range(0, mine.size()).parallel().forEach(i -> {
            int e = estimateOf[i];
            rows[i] = row(field, found, mine.get(i), stamps.get(i), e < 0 ? null : inputs.get(e), e >= 0 && e < estimates.size() ? estimates.get(e) : null,
                    e >= 0 && e >= estimates.size(), psfModel, finalScale, renderers.get());
        });
        return new Result(field.name(), List.of(rows), found, scale, List.copyOf(notes), cancelled);
    }

    private CatalogRow row(FieldImage field, FieldSources.Found found, FoundSource s, GalaxyStamp stamp, StampInput in, Estimate e,
                           boolean cancelled, PsfModel psf, double scale, GalaxyRenderer renderer) {
        BackgroundMap bg = found.noise();
        double x = s.shape().x(), y = s.shape().y();
        int flags = (s.detection().blended() ? FieldFlags.BLENDED : 0) | (stamp == null ? FieldFlags.EDGE : stamp.flags());
        String kind = s.star() ? CatalogRow.STAR : CatalogRow.GALAXY;
        String where = "#" + s.id();
        double skyLevel = levelAt(field, found.background(), x, y);
        MeasurementRow m;
        double snr = Double.NaN;
        if (stamp == null) {
            m = MeasurementRow.failed(field.name(), s.id() - 1, 0, where, x, y, provenance(), "not measured: its " + estimator.stampSize()
                    + "-pixel stamp falls off the field");
        } else if (s.star()) {
            double sigma = in == null ? bg.rms((int) x, (int) y) : in.sigma();
            double[] flux = psfFlux(stamp, x, y, psf, scale, sigma, renderer);
            GalaxyParams p = new GalaxyParams(flux[0], Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            snr = flux[2];
            m = new MeasurementRow(field.name(), s.id() - 1, 0, where, x, y, p, "psf", null,
                    new double[] {flux[1], Double.NaN, Double.NaN, Double.NaN, Double.NaN}, null, found.psfFwhm(), sigma, skyLevel,
                    s.detection().significance(), "", 0, join("point source: PSF flux", FieldFlags.describe(flags)));
        } else if (e == null) {
            m = MeasurementRow.failed(field.name(), s.id() - 1, 0, where, x, y, provenance(), cancelled ? "cancelled" : "not estimated");
        } else {
            FitResult fit = e.refined();
            if (fit != null) { // the fitted centre back in field coordinates
                x = stamp.x0() + in.size() / 2.0 + fit.offsetX();
                y = stamp.y0() + in.size() / 2.0 + fit.offsetY();
            }
            String message = e.ok() || e.rejected() != null ? e.message() : "refused: " + e.message();
            m = new MeasurementRow(field.name(), s.id() - 1, 0, where, x, y, e.best(), Estimation.method(e), fit, e.errors(),
                    e.posterior() != null && e.posterior().ok() ? e.posterior() : null, in.psfFwhm(), in.sigma(), skyLevel,
                    s.detection().significance(), e.model(provenance()), e.seconds(), join(message, FieldFlags.describe(flags)));
            if (e.best() != null) {
                try {
                    snr = NoiseModel.snr(Estimation.modelImage(renderer, e, in, scale, estimator.psfBeta()), in.sigma());
                } catch (IllegalArgumentException outsideModel) {
                    m = m.withMessage(join(m.message(), "snr not computed: " + outsideModel.getMessage()));
                }
            }
        }
        double[] sky = field.wcs() == null ? null : field.wcs().sky(x, y);
        return new CatalogRow(field.name(), s.id(), x, y, sky == null ? Double.NaN : sky[0], sky == null ? Double.NaN : sky[1], kind, flags,
                s.detection().area(), s.shape().flux(), snr, s.sizeSignificance(), m);
    }

    /** The sky level subtracted at (x, y), counts per pixel. */
    private static double levelAt(FieldImage field, BackgroundMap sky, double x, double y) {
        return sky.level((int) Math.max(0, Math.min(field.width() - 1, x)), (int) Math.max(0, Math.min(field.height() - 1, y)));
    }

    /**
     * {flux, its standard error, snr} of a point source at (x, y): the amplitude of the PSF model that best fits the
     * unmasked stamp pixels by least squares, A = sum(P d) / sum(P^2), with var(A) = sum(P^2 (sigma^2 + A P)) / sum(P^2)^2.
     */
    static double[] psfFlux(GalaxyStamp stamp, double x, double y, PsfModel psf, double scale, double sigma, GalaxyRenderer renderer) {
        int size = stamp.size();
        double[] p = renderer.renderPsf(psf, new StampGeometry(size, scale, stamp.offsetX(x), stamp.offsetY(y)));
        double spd = 0, spp = 0;
        for (int i = 0; i < p.length; i++) {
            if (stamp.masked() != null && stamp.masked()[i]) continue;
            spd += p[i] * stamp.pixels()[i];
            spp += p[i] * p[i];
        }
        double a = spd / spp, var = 0, snr2 = 0;
        for (int i = 0; i < p.length; i++) {
            if (stamp.masked() != null && stamp.masked()[i]) continue;
            var += p[i] * p[i] * (sigma * sigma + Math.max(0, a * p[i]));
            snr2 += a * p[i] * a * p[i];
        }
        return new double[] {a, Math.sqrt(var) / spp, Math.sqrt(snr2) / sigma};
    }

    private static String join(String a, String b) { return ObservingConditions.join(a, b); }
}
