package org.galaxyparams.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.galaxyparams.net.LabelScaling;
import org.galaxyparams.sim.GalaxyParams;

/**
 * Whether a regressor's answer describes a galaxy at all. The regressor is linear at its output, so nothing
 * stops it answering a negative flux, n or radius, or |g| at or above 1; such an answer is never reported as
 * an estimate.
 */
final class NetworkOutputCheck {
    /** Beyond this fraction of a label's training span outside the span, the row gets a note. */
    static final double TRAINING_RANGE_MARGIN = 0.1;

    private NetworkOutputCheck() {}

    /** Why {@code p} is not a galaxy (non-finite, flux <= 0, n <= 0, hlr <= 0, |g| >= 1), or null when it is one. */
    static String invalid(GalaxyParams p) {
        List<String> why = new ArrayList<>();
        double[] v = p.toArray();
        for (int k = 0; k < 5; k++)
            if (!Double.isFinite(v[k])) why.add(GalaxyParams.LABELS[k] + " = " + v[k]);
        if (!why.isEmpty()) return String.join(", ", why);
        if (p.flux() <= 0) why.add(String.format(Locale.ROOT, "flux = %.4g <= 0", p.flux()));
        if (p.sersicN() <= 0) why.add(String.format(Locale.ROOT, "sersic_n = %.3g <= 0", p.sersicN()));
        if (p.hlrArcsec() <= 0) why.add(String.format(Locale.ROOT, "hlr = %.3g <= 0", p.hlrArcsec()));
        double g = Math.hypot(p.g1(), p.g2());
        if (g >= 1) why.add(String.format(Locale.ROOT, "|g| = %.3g >= 1", g));
        return why.isEmpty() ? null : String.join(", ", why);
    }

    /** A note naming the labels well outside the range the network was trained on, or null. */
    static String outsideTraining(GalaxyParams p, LabelScaling labels) {
        List<String> out = new ArrayList<>();
        double[] v = p.toArray();
        for (int k = 0; k < 5; k++) {
            double span = labels.max()[k] - labels.min()[k];
            if (v[k] < labels.min()[k] - TRAINING_RANGE_MARGIN * span || v[k] > labels.max()[k] + TRAINING_RANGE_MARGIN * span)
                out.add(String.format(Locale.ROOT, "%s %.4g outside the training range %.4g-%.4g", GalaxyParams.LABELS[k], v[k],
                        labels.min()[k], labels.max()[k]));
        }
        return out.isEmpty() ? null : String.join("; ", out) + ": treat with care";
    }
}
