package org.galaxyparams.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.fit.FitResult;
import org.galaxyparams.fit.MaximumLikelihoodFitter;
import org.galaxyparams.io.DatasetReader;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.stamp.PreparedStamp;
import org.galaxyparams.stamp.StampPreparation;

/**
 * The maximum-likelihood fit workflow for every front-end: a {@link FitRequest} run over the images of a dataset
 * ({@link #dataset}) or the galaxies of an open image ({@link #image}), giving {@link MeasurementRow}s.
 */
public final class Fitting {
    private final FitRequest request;

    public Fitting(FitRequest request) {
        this.request = request;
    }

    public FitRequest request() { return request; }

    ObservingConditions conditions() {
        return new ObservingConditions(request.psfFwhm(), request.sigma(), request.sigmaFromBorder());
    }

    /** The PSF: the file's PSFTYPE (Gaussian or Moffat), with the requested beta, else the file's, else 2. */
    PsfModel psf(String psfType, double fileBeta, double fwhm) {
        if ("GAUSSIAN".equals(psfType)) return PsfModel.gaussian(fwhm);
        double beta = request.psfBeta() > 0 ? request.psfBeta() : fileBeta > 1 ? fileBeta : 2.0;
        return PsfModel.moffat(beta, fwhm);
    }

    /** What a dataset run did. */
    public record DatasetSummary(int images, int failed, boolean cancelled) {}

    /**
     * Fits the first images of a dataset (all, or the request's count) on the request's threads and hands their rows
     * to {@code sink} in input order, on the calling thread. An image that cannot be fitted gets a row saying why.
     * A cancel stops after the row under way; the rows handed over stay.
     */
    public DatasetSummary dataset(DatasetReader reader, String file, Consumer<MeasurementRow> sink, Monitor monitor)
            throws InterruptedException {
        return dataset(reader, file, Shard.ALL, sink, monitor);
    }

    /** The same for the images {@code shard} owns. */
    public DatasetSummary dataset(DatasetReader reader, String file, Shard shard, Consumer<MeasurementRow> sink, Monitor monitor)
            throws InterruptedException {
        int total = request.count() > 0 ? Math.min(request.count(), reader.count()) : reader.count();
        int[] images = java.util.stream.IntStream.range(0, total).filter(shard::owns).toArray();
        int n = images.length;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(request.workers(), Math.max(1, n)));
        ThreadLocal<MaximumLikelihoodFitter> fitters =
                ThreadLocal.withInitial(() -> new MaximumLikelihoodFitter().withFreeCentre(request.freeCentre()));
        int failed = 0;
        try {
            List<Future<MeasurementRow>> rows = new ArrayList<>(n);
            for (int index : images) rows.add(pool.submit(() -> datasetRow(reader, file, index, fitters.get(), monitor)));
            for (int i = 0; i < n; i++) {
                if (monitor.isCancelled()) return new DatasetSummary(i, failed, true);
                MeasurementRow row;
                try {
                    row = rows.get(i).get();
                    rows.set(i, null); // a done row (its model image is 32 KB) is not kept past its turn
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    if (e.getCause() instanceof Error er) throw er;
                    throw new IllegalStateException(e.getCause());
                }
                if (!row.ok()) failed++;
                sink.accept(row);
                monitor.progress(i + 1, n);
            }
        } finally {
            pool.shutdownNow();
        }
        return new DatasetSummary(n, failed, false);
    }

    /** The row of image {@code i}; never throws for a bad image. */
    private MeasurementRow datasetRow(DatasetReader r, String file, int i, MaximumLikelihoodFitter fitter, Monitor monitor) {
        StampGeometry geo = r.info().geometry();
        double x0 = geo.size() / 2.0, y0 = geo.size() / 2.0;
        try {
            float[] pixels = r.noisy(i);
            if (pixels == null) throw new IllegalArgumentException("no noisy image stored");
            ObservingConditions.Filled filled = conditions().fill(new StampInput(file + "#" + i, pixels, geo.size(), r.psfFwhm(i), r.sigma(i)));
            StampInput s = filled.stamp();
            if (!(s.psfFwhm() > 0) || !Double.isFinite(s.psfFwhm()))
                throw new IllegalArgumentException("PSF FWHM is " + s.psfFwhm() + ": give psf_fwhm (arcsec) or a PSF_FWHM label");
            if (!(s.sigma() > 0) || !Double.isFinite(s.sigma()))
                throw new IllegalArgumentException("noise sigma is " + s.sigma() + ": give sigma (counts) or a SIGMA label");
            PreparedStamp p = new StampPreparation(geo.size(), request.sky()).stamp(pixels, s.psfFwhm() / geo.pixelScale(), s.sigma(),
                    "image " + i);
            String why = Estimation.noSource(p);
            if (why != null) return MeasurementRow.failed(file, i, 0, null, x0 + geo.offsetX(), y0 + geo.offsetY(), "", why);
            FitResult fr = fit(fitter, p.pixels(), s.sigma(), psf(r.info().psfType(), r.info().psfBeta(), s.psfFwhm()), geo, monitor);
            return row(file, i, 0, null, x0 + fr.offsetX(), y0 + fr.offsetY(), fr, s, p,
                    ObservingConditions.join(filled.note(), Estimation.skyNote(p)));
        } catch (IllegalArgumentException e) {
            return MeasurementRow.failed(file, i, 0, null, x0 + geo.offsetX(), y0 + geo.offsetY(), "", "error: " + e.getMessage());
        }
    }

    private static FitResult fit(MaximumLikelihoodFitter fitter, float[] pixels, double sigma, PsfModel psf, StampGeometry geo,
                                 Monitor monitor) {
        double[] px = new double[pixels.length];
        for (int k = 0; k < px.length; k++) px[k] = pixels[k];
        return fitter.fit(px, sigma, psf, geo, monitor::isCancelled);
    }

    private static MeasurementRow row(String file, int index, int slice, String roi, double x, double y, FitResult fr, StampInput s,
                                      PreparedStamp p, String note) {
        String message = ObservingConditions.join(note, fitNote(fr));
        return new MeasurementRow(file, index, slice, roi, x, y, fr.estimate(), MeasurementRow.FIT, fr, fr.errors(), null, s.psfFwhm(), s.sigma(),
                p.skySubtracted(), p.peak().significance(), "", fr.seconds(), message);
    }

    /** The optimiser's stop reason, in words, when the fit is not clean. */
    private static String fitNote(FitResult fr) {
        return fr.converged() ? "" : "did not converge: " + fr.message();
    }

    /**
     * Fits every target of an open image. A stamp of the request's size is cut around each galaxy (found inside the
     * ROI) and its centre is fitted; without a ROI every slice must be a square stamp, fitted whole.
     */
    public ImageResult image(ImageSource src, List<Target> targets, Monitor monitor) {
        Estimation.checkPixelType(src);
        boolean roiMode = !targets.isEmpty() && targets.get(0).roi() != null;
        if (!roiMode && src.width() != src.height())
            throw new IllegalArgumentException("without a ROI every slice must be a square stamp; this image is " + src.width() + "x"
                    + src.height() + ": draw a ROI around the galaxy");
        int size = roiMode ? Math.min(request.stampSize(), Math.min(src.width(), src.height())) : src.width();
        double scale = request.pixelScale() > 0 ? request.pixelScale() : src.pixelScale();
        String scaleNote = "";
        if (!(scale > 0)) {
            scale = FitRequest.DEFAULT_PIXEL_SCALE;
            scaleNote = String.format(Locale.ROOT, "pixel scale assumed %.4g arcsec/pixel (the image gives none; give pixel_scale)", scale);
        }
        List<GalaxyStamps.Prepared> prepared = GalaxyStamps.prepare(src, targets, new GalaxyStamps.Rule(size, scale, scale, false,
                scaleNote, conditions(), request.sky(), ""));
        List<MeasurementRow> rows = new ArrayList<>(prepared.size());
        List<List<ImageResult.Panel>> panels = new ArrayList<>(prepared.size());
        MaximumLikelihoodFitter fitter = new MaximumLikelihoodFitter();
        int done = 0;
        boolean cancelled = false;
        for (GalaxyStamps.Prepared p : prepared) {
            Target t = p.target();
            if (p.failed() != null || cancelled || monitor.isCancelled()) {
                cancelled |= p.failed() == null;
                rows.add(p.failed() != null ? p.failed()
                        : MeasurementRow.failed(src.title(), -1, t.slice(), t.roi(), t.x(), t.y(), "", "cancelled"));
                panels.add(List.of());
                continue;
            }
            StampInput in = p.input();
            boolean free = in.freeCentre() || request.freeCentre();
            StampGeometry geo = new StampGeometry(size, scale, in.offsetX(), in.offsetY());
            FitResult fr = fit(fitter.withFreeCentre(free), in.pixels(), in.sigma(), psf(null, Double.NaN, in.psfFwhm()), geo, monitor);
            PreparedStamp s = p.stamp();
            // the (fitted) centre back in image coordinates
            double x = s.x0() + size / 2.0 + fr.offsetX(), y = s.y0() + size / 2.0 + fr.offsetY();
            rows.add(row(src.title(), -1, t.slice(), t.roi(), x, y, fr, in, s, p.note()));
            List<ImageResult.Panel> images = new ArrayList<>(3);
            float[] model = new float[size * size], residual = new float[size * size];
            for (int k = 0; k < model.length; k++) {
                model[k] = (float) fr.model()[k];
                residual[k] = (float) (in.pixels()[k] - fr.model()[k]);
            }
            images.add(new ImageResult.Panel(t.where() + " data", in.pixels().clone()));
            images.add(new ImageResult.Panel(t.where() + " model", model));
            images.add(new ImageResult.Panel(t.where() + " residual", residual));
            panels.add(images);
            monitor.progress(++done, prepared.size());
        }
        return new ImageResult(rows, panels, size, scale, scale, cancelled);
    }
}
