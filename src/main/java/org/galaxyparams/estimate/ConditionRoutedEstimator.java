package org.galaxyparams.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.galaxyparams.sim.ProgressListener;

/**
 * A general estimator with specialists: each stamp goes to the narrowest specialist whose training range of PSF FWHM
 * and noise sigma holds the stamp's, else to the general one. The shipped default regressor was trained over dataset
 * 3 (PSF 0.5-1.0 arcsec, sigma 200-400); its copies fine-tuned on datasets 1 (PSF 0.5, sigma 200) and 2 (PSF 0.5,
 * sigma 200-400) are more accurate there. Given (PSF, sigma), dataset 3's prior on the galaxy is the same as
 * dataset 1's or 2's (the same uniform draws and SNR window), so a specialist is the right estimator for every stamp
 * in its range, whichever dataset the stamp came from. Each row names the network that ran ({@link Estimate#model}).
 */
public final class ConditionRoutedEstimator implements ParameterEstimator {
    /** Stamps per round: each round splits by route, runs each part as one batch and checks for a cancel. */
    private static final int ROUND = 256;

    /** An estimator for stamps with PSF FWHM in [psfMin, psfMax] arcsec and sigma in [sigmaMin, sigmaMax] counts. */
    public record Specialist(ParameterEstimator estimator, double psfMin, double psfMax, double sigmaMin, double sigmaMax) {
        /** In range by the same rule as the range warning of {@link NeuralEstimator}: a routed stamp is never warned about. */
        boolean covers(StampInput s) {
            return NeuralEstimator.within(s.psfFwhm(), psfMin, psfMax, NeuralEstimator.PSF_SLACK_ARCSEC, false)
                    && NeuralEstimator.within(s.sigma(), sigmaMin, sigmaMax, NeuralEstimator.SIGMA_SLACK, true);
        }

        /** Size of the range, for choosing the narrowest (a point range still counts as a little wider than nothing). */
        double width() { return (psfMax - psfMin + 1e-3) * (sigmaMax - sigmaMin + 1); }

        String describe() {
            return String.format(Locale.ROOT, "PSF %s arcsec, sigma %s", span(psfMin, psfMax, "%.3g"), span(sigmaMin, sigmaMax, "%.0f"));
        }

        private static String span(double lo, double hi, String f) {
            return lo == hi ? trim(String.format(Locale.ROOT, f, lo)) : trim(String.format(Locale.ROOT, f, lo)) + "-" + trim(String.format(Locale.ROOT, f, hi));
        }

        /** "0.500" as "0.5": the ranges are round numbers. */
        private static String trim(String number) {
            return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
        }
    }

    private final ParameterEstimator general;
    private final List<Specialist> specialists;

    /**
     * Specialists that take another stamp size, pixel scale or PSF beta than {@code general} cannot share its stamps:
     * they are left out, with a warning.
     */
    public ConditionRoutedEstimator(ParameterEstimator general, List<Specialist> specialists, Consumer<String> warnings) {
        this.general = general;
        List<Specialist> ok = new ArrayList<>();
        for (Specialist s : specialists) {
            ParameterEstimator e = s.estimator();
            if (e.stampSize() == general.stampSize() && Math.abs(e.pixelScale() / general.pixelScale() - 1) < 1e-6
                    && e.psfBeta() == general.psfBeta()) ok.add(s);
            else warnings.accept("Not using " + e.provenance() + " for " + s.describe() + ": it takes other stamps than "
                    + general.provenance());
        }
        ok.sort(Comparator.comparingDouble(Specialist::width));
        this.specialists = List.copyOf(ok);
    }

    /** The estimator for stamp {@code s}: the narrowest specialist covering its conditions, else the general one. */
    ParameterEstimator route(StampInput s) {
        for (Specialist sp : specialists) if (sp.covers(s)) return sp.estimator();
        return general;
    }

    @Override
    public String provenance() {
        StringBuilder b = new StringBuilder(general.provenance());
        for (Specialist s : specialists) b.append("; for ").append(s.describe()).append(": ").append(s.estimator().provenance());
        return b.toString();
    }

    @Override public int stampSize() { return general.stampSize(); }

    @Override public double pixelScale() { return general.pixelScale(); }

    @Override public double psfBeta() { return general.psfBeta(); }

    @Override public String checkInput(StampInput stamp) { return route(stamp).checkInput(stamp); }

    @Override
    public List<Estimate> estimate(List<StampInput> stamps, BooleanSupplier cancelled, ProgressListener progress) {
        List<Estimate> out = new ArrayList<>(stamps.size());
        for (int from = 0; from < stamps.size() && !cancelled.getAsBoolean(); from += ROUND) {
            List<StampInput> round = stamps.subList(from, Math.min(stamps.size(), from + ROUND));
            Estimate[] done = new Estimate[round.size()];
            List<ParameterEstimator> order = new ArrayList<>();
            ParameterEstimator[] chosen = new ParameterEstimator[round.size()];
            for (int i = 0; i < round.size(); i++) {
                chosen[i] = route(round.get(i));
                if (!order.contains(chosen[i])) order.add(chosen[i]);
            }
            for (ParameterEstimator e : order) {
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < round.size(); i++) if (chosen[i] == e) at.add(i);
                List<Estimate> got = e.estimate(at.stream().map(round::get).toList(), cancelled, null);
                String model = e.provenance();
                for (int k = 0; k < got.size(); k++) done[at.get(k)] = got.get(k).withModel(got.get(k).model(model));
            }
            // a cancel inside a part leaves gaps: keep the round's stamps up to the first, so rows stay in order
            int complete = 0;
            while (complete < done.length && done[complete] != null) complete++;
            out.addAll(Arrays.asList(done).subList(0, complete));
            if (progress != null) progress.progress(out.size(), stamps.size());
            if (complete < done.length) break;
        }
        return out;
    }

    @Override
    public void close() {
        general.close();
        for (Specialist s : specialists) s.estimator().close();
    }
}
