package org.galaxyparams.field;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.galaxyparams.sim.GalaxyParams;
import org.galaxyparams.sim.GalaxyRenderer;
import org.galaxyparams.sim.NoiseModel;
import org.galaxyparams.sim.PoissonSampler;
import org.galaxyparams.sim.Prior;
import org.galaxyparams.sim.ProgressListener;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.SampleFactory;
import org.galaxyparams.sim.StampGeometry;

/**
 * Draws a survey field with sources at known places, so that the catalog workflow can be tested against the truth.
 * Each source is drawn exactly as the simulator draws a stamp (GalSim's rules, 64 x 64, pixel response), at its
 * sub-pixel position, and added into the field; then the sky, Poisson noise on the sources' counts and Gaussian read
 * noise. Positions are uniform, so some sources overlap by chance; {@link FieldSpec#pairFraction()} adds certain
 * blends. Everything comes from the seed: parameters and positions from one generator, each row's noise from a
 * generator of its own, so the field is the same at any thread count.
 */
public final class FieldSimulator {
    /** Side of the stamp each source is drawn on, pixels (the training stamps' size). */
    static final int STAMP = 64;

    /** A drawn field: the noisy image, its sources, and the sources' light alone (no sky, no noise). */
    public record SimulatedField(FieldImage image, List<FieldTruth> truth, float[] noiseless) {}

    private FieldSimulator() {}

    /** @return null when cancelled */
    public static SimulatedField simulate(FieldSpec spec, ProgressListener progress, BooleanSupplier cancelled) {
        int w = spec.width(), h = spec.height();
        SplittableRandom rng = new SplittableRandom(SampleFactory.candidateSeed(spec.seed(), -7));
        PsfModel psf = PsfModel.moffat(Preset.PSF_BETA, spec.psfFwhm());
        GalaxyRenderer renderer = new GalaxyRenderer();
        Prior prior = spec.preset().prior();
        List<double[]> places = new ArrayList<>();
        List<GalaxyParams> params = new ArrayList<>();
        List<Double> snrs = new ArrayList<>();
        List<float[]> stamps = new ArrayList<>();
        double[] img = new double[STAMP * STAMP];
        int total = spec.galaxies() + spec.stars(), tries = 0;
        while (params.size() < total) {
            if (cancelled.getAsBoolean()) return null;
            boolean star = params.size() >= spec.galaxies();
            GalaxyParams p;
            if (star) {
                double lf = Math.log(FieldSpec.STAR_FLUX_MIN) + rng.nextDouble() * Math.log(FieldSpec.STAR_FLUX_MAX / FieldSpec.STAR_FLUX_MIN);
                p = new GalaxyParams(Math.exp(lf), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            } else {
                p = prior.draw(rng).params();
            }
            double[] at = place(spec, rng, places, star);
            int x0 = (int) Math.round(at[0] - STAMP / 2.0), y0 = (int) Math.round(at[1] - STAMP / 2.0);
            StampGeometry geo = new StampGeometry(STAMP, spec.pixelScale(), at[0] - x0 - STAMP / 2.0, at[1] - y0 - STAMP / 2.0);
            if (star) {
                double[] unit = renderer.renderPsf(psf, geo);
                for (int i = 0; i < img.length; i++) img[i] = unit[i] * p.flux();
            } else {
                renderer.render(p, psf, geo, img);
            }
            double snr = NoiseModel.snr(img, spec.sigma());
            if (!star && !(snr >= 10 && snr <= 100)) { // the training data's SNR window
                if (++tries > 100 * total + 1000)
                    throw new IllegalArgumentException("almost no galaxy of the prior has an SNR in [10, 100] at sigma " + spec.sigma()
                            + " and PSF " + spec.psfFwhm() + " arcsec: give a sigma within the prior's range");
                continue;
            }
            float[] f = new float[img.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) img[i];
            places.add(at);
            params.add(p);
            snrs.add(snr);
            stamps.add(f);
            if (progress != null && params.size() % 50 == 0) progress.progress(params.size(), total + 1);
        }

        // the noiseless field, and each source's share of it for the blend measure
        float[] noiseless = new float[w * h];
        for (int s = 0; s < total; s++) add(noiseless, w, h, places.get(s), stamps.get(s));
        List<FieldTruth> truth = new ArrayList<>(total);
        double fwhmPx = spec.psfFwhm() / spec.pixelScale();
        java.util.Map<Long, List<Integer>> cells = new java.util.HashMap<>();
        for (int s = 0; s < total; s++) cells.computeIfAbsent(cell(places.get(s)[0], places.get(s)[1]), k -> new ArrayList<>()).add(s);
        for (int s = 0; s < total; s++) {
            double[] at = places.get(s);
            GalaxyParams p = params.get(s);
            boolean star = s >= spec.galaxies();
            double radius = (star ? 0 : 2 * p.hlrArcsec() / spec.pixelScale()) + fwhmPx;
            double nearest = Double.POSITIVE_INFINITY;
            int cx = (int) Math.floor(at[0] / CELL), cy = (int) Math.floor(at[1] / CELL);
            for (int j = cy - 1; j <= cy + 1; j++)
                for (int i = cx - 1; i <= cx + 1; i++)
                    for (int o : cells.getOrDefault(((long) j << 32) | (i & 0xffffffffL), List.of()))
                        if (o != s) nearest = Math.min(nearest, Math.hypot(places.get(o)[0] - at[0], places.get(o)[1] - at[1]));
            if (nearest > CELL) nearest = Double.POSITIVE_INFINITY;
            truth.add(new FieldTruth(s + 1, star, at[0], at[1], p, snrs.get(s), nearest,
                    blendFraction(noiseless, w, h, at, stamps.get(s), radius)));
        }
        if (cancelled.getAsBoolean()) return null;

        // sky and noise, each row from its own generator
        float[] out = new float[w * h];
        long seed = spec.seed();
        IntStream.range(0, h).parallel().forEach(y -> {
            SplittableRandom r = new SplittableRandom(SampleFactory.candidateSeed(seed, y));
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double m = noiseless[i];
                double counts = m > 0 ? PoissonSampler.sample(m, r) : m;
                out[i] = (float) (spec.skyAt(x, y) + counts + spec.sigma() * NoiseModel.gaussian(r));
            }
        });
        if (progress != null) progress.progress(total + 1, total + 1);
        TanWcs wcs = spec.wcs() ? TanWcs.northUp(150.0, 2.2, w / 2.0 + 0.5, h / 2.0 + 0.5, spec.pixelScale()) : null;
        FieldImage image = new FieldImage("field", out, w, h, spec.pixelScale(), spec.psfFwhm(), spec.sigma(), Double.NaN, wcs,
                wcs == null ? "no WCS in the header: positions in pixels only" : "");
        return new SimulatedField(image, List.copyOf(truth), noiseless);
    }

    /** Cell side of the neighbour search, pixels: a nearest neighbour farther than this is reported as infinitely far. */
    static final int CELL = 64;

    private static long cell(double x, double y) {
        return ((long) (int) Math.floor(y / CELL) << 32) | ((int) Math.floor(x / CELL) & 0xffffffffL);
    }

    /** A uniform place at least {@link FieldSpec#MARGIN} from the edge, or near an earlier galaxy for a certain blend. */
    private static double[] place(FieldSpec spec, SplittableRandom rng, List<double[]> places, boolean star) {
        int m = FieldSpec.MARGIN;
        if (!star && !places.isEmpty() && rng.nextDouble() < spec.pairFraction()) {
            for (int attempt = 0; attempt < 20; attempt++) {
                double[] other = places.get(rng.nextInt(places.size()));
                double d = 6 + 9 * rng.nextDouble(), a = 2 * Math.PI * rng.nextDouble();
                double x = other[0] + d * Math.cos(a), y = other[1] + d * Math.sin(a);
                if (x >= m && y >= m && x <= spec.width() - m && y <= spec.height() - m) return new double[] {x, y};
            }
        }
        return new double[] {m + rng.nextDouble() * (spec.width() - 2 * m), m + rng.nextDouble() * (spec.height() - 2 * m)};
    }

    /** Adds a source's stamp into the field at its place (the corner the renderer's offsets were taken from). */
    private static void add(float[] field, int w, int h, double[] at, float[] stamp) {
        int x0 = (int) Math.round(at[0] - STAMP / 2.0), y0 = (int) Math.round(at[1] - STAMP / 2.0);
        for (int y = 0; y < STAMP; y++) {
            int fy = y0 + y;
            if (fy < 0 || fy >= h) continue;
            for (int x = 0; x < STAMP; x++) {
                int fx = x0 + x;
                if (fx >= 0 && fx < w) field[fy * w + fx] += stamp[y * STAMP + x];
            }
        }
    }

    /** Others' light over own light within {@code radius} pixels of the source's centre. */
    private static double blendFraction(float[] field, int w, int h, double[] at, float[] stamp, double radius) {
        int x0 = (int) Math.round(at[0] - STAMP / 2.0), y0 = (int) Math.round(at[1] - STAMP / 2.0);
        double own = 0, all = 0;
        for (int y = 0; y < STAMP; y++)
            for (int x = 0; x < STAMP; x++) {
                double dx = x0 + x + 0.5 - at[0], dy = y0 + y + 0.5 - at[1];
                if (dx * dx + dy * dy > radius * radius) continue;
                int fx = x0 + x, fy = y0 + y;
                if (fx < 0 || fy < 0 || fx >= w || fy >= h) continue;
                own += stamp[y * STAMP + x];
                all += field[fy * w + fx];
            }
        return own > 0 ? Math.max(0, all - own) / own : Double.NaN;
    }
}
