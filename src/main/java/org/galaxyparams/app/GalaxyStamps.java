package org.galaxyparams.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.galaxyparams.estimate.ObservingConditions;
import org.galaxyparams.estimate.StampInput;
import org.galaxyparams.estimate.StampResampler;
import org.galaxyparams.io.SliceLabels;
import org.galaxyparams.stamp.PreparedStamp;
import org.galaxyparams.stamp.SkyMode;
import org.galaxyparams.stamp.StampPreparation;

/**
 * The targets of an open image turned into stamps for any workflow, by one rule: the slice label's PSF FWHM and
 * sigma under {@link ObservingConditions}, the galaxy found and the stamp cut by {@link StampPreparation} (or
 * resampled to the model's pixel scale), no source and bad places reported as rows.
 */
final class GalaxyStamps {
    /** Smallest ROI side in pixels on an image larger than the stamp. */
    static final int MIN_ROI = 16;

    /** A target cut and ready, or the row saying why not. */
    record Prepared(Target target, StampInput input, PreparedStamp stamp, String note, MeasurementRow failed) {}

    /** How the stamps are made. */
    record Rule(int size, double imageScale, double stampScale, boolean resample, String scaleNote, ObservingConditions conditions,
                SkyMode sky, String provenance) {}

    private GalaxyStamps() {}

    /** One entry per target, in order. A target that cannot be cut throws when it is the only one. */
    static List<Prepared> prepare(ImageSource src, List<Target> targets, Rule rule) {
        StampPreparation prep = new StampPreparation(rule.size(), rule.sky());
        List<Prepared> out = new ArrayList<>(targets.size());
        Map<Integer, float[]> planes = new HashMap<>();
        for (Target t : targets) {
            if (t.error() != null) {
                out.add(failed(src, t, t.x(), t.y(), rule, "error: " + t.error()));
                continue;
            }
            try {
                float[] plane = planes.computeIfAbsent(t.slice(), src::plane);
                out.add(prepare(src, t, plane, prep, rule));
            } catch (IllegalArgumentException e) {
                if (targets.size() == 1) throw e;
                out.add(failed(src, t, t.x(), t.y(), rule, "error: " + e.getMessage()));
            }
        }
        return out;
    }

    private static Prepared failed(ImageSource src, Target t, double x, double y, Rule rule, String why) {
        return new Prepared(t, null, null, "", MeasurementRow.failed(src.title(), -1, t.slice(), t.roi(), x, y, rule.provenance(), why));
    }

    private static Prepared prepare(ImageSource src, Target t, float[] plane, StampPreparation prep, Rule rule) {
        int size = rule.size();
        SliceLabels.Parsed label;
        try {
            label = SliceLabels.parse(src.label(t.slice()));
        } catch (IllegalArgumentException notOurs) {
            label = SliceLabels.parse(null);
        }
        double labelPsf = label.psfFwhmArcsec() > 0 ? label.psfFwhmArcsec() : Double.NaN;
        double labelSigma = label.sigma() > 0 ? label.sigma() : Double.NaN;
        ObservingConditions conditions = rule.resample()
                ? new ObservingConditions(rule.conditions().psfFwhm(), Double.NaN, true) : rule.conditions();
        // the PSF and a given sigma are known before the cut: they set the smoothing and the detection's noise
        double psf = conditions.psfFwhm() > 0 ? conditions.psfFwhm() : labelPsf;
        double sigma = conditions.sigmaFromBorder() ? Double.NaN : conditions.sigma() > 0 ? conditions.sigma() : labelSigma;
        boolean whole = src.width() == size && src.height() == size;
        if (t.roi() != null && !whole && t.radius() < MIN_ROI / 2.0)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %.0f pixels across, smaller than %d: draw it around the"
                    + " whole galaxy (the galaxy is looked for inside it)", t.where(), 2 * t.radius(), MIN_ROI));
        double radius = t.roi() == null ? Math.max(2, size / 16.0) : t.radius();
        PreparedStamp stamp;
        if (rule.resample()) {
            double kernel = StampPreparation.kernelSigma(psf / rule.imageScale());
            double[] c = prep.locate(plane, src.width(), src.height(), t.x(), t.y(), Math.min(radius, size / 4.0), kernel, sigma, t.where());
            float[] data = StampResampler.resample(plane, src.width(), src.height(), c[0], c[1], size, rule.stampScale() / rule.imageScale(),
                    t.where());
            PreparedStamp s = prep.stamp(data, psf / rule.stampScale(), Double.NaN, t.where());
            // the stamp's pixels are the model's; its centre is the galaxy's place in the image
            stamp = new PreparedStamp(s.pixels(), size, s.x0(), s.y0(), c[0], c[1], s.sky(), s.skySubtracted(), s.peak(), s.skyAround());
        } else {
            stamp = prep.cut(plane, src.width(), src.height(), t.x(), t.y(), radius, psf / rule.imageScale(), sigma, t.where());
        }
        String why = Estimation.noSource(stamp);
        if (why != null) return failed(src, t, stamp.centreX(), stamp.centreY(), rule, why);
        boolean cut = !whole && !rule.resample();
        StampInput in = new StampInput(t.where(), stamp.pixels(), size, labelPsf, labelSigma,
                cut ? stamp.offsetX() : 0, cut ? stamp.offsetY() : 0, cut);
        ObservingConditions.Filled filled = conditions.fill(in);
        if (!(filled.stamp().psfFwhm() > 0))
            throw new IllegalArgumentException(t.where() + ": no PSF FWHM in the slice label: give psf_fwhm > 0 (arcsec)");
        String note = ObservingConditions.join(rule.scaleNote(), ObservingConditions.join(filled.note(), Estimation.skyNote(stamp)));
        return new Prepared(t, filled.stamp(), stamp, note, null);
    }
}
