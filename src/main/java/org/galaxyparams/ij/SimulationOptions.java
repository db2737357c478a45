package org.galaxyparams.ij;

import org.galaxyparams.app.SimulateRequest;
import org.galaxyparams.io.SliceLabels;
import java.util.Locale;

import org.galaxyparams.sim.FixedGalaxyPrior;
import org.galaxyparams.sim.Preset;
import org.galaxyparams.sim.Prior;
import org.galaxyparams.sim.PsfModel;
import org.galaxyparams.sim.SimulationConfig;
import org.galaxyparams.sim.StampGeometry;
import org.galaxyparams.sim.UniformPrior;

/**
 * What "Simulate Galaxies..." was asked to do, filled either from its dialog or from macro options (headless).
 * Macro keys are the dialog keys: preset, flux_min ... sigma_max, integer_sigma, count, seed, stamp_size,
 * pixel_scale, psf_beta, snr_min, snr_max, threads, show_noisy, show_noiseless, show_psf, save_to.
 *
 * @param preset a {@link Preset} id (dataset1 ... snr60) or "custom" (then {@code custom} is the prior)
 * @param custom the ranges of a custom prior (ignored for other presets)
 * @param stampSize stamp width = height in pixels
 * @param pixelScale arcsec/pixel
 * @param psfBeta Moffat beta of the PSF
 * @param snrMin draws with a lower SNR are rejected and redrawn
 * @param snrMax draws with a higher SNR are rejected and redrawn
 * @param saveTo dataset FITS path to write, or "" for none
 */
public record SimulationOptions(String preset, Ranges custom, int count, long seed, int stampSize, double pixelScale,
                                double psfBeta, double snrMin, double snrMax, int threads,
                                boolean showNoisy, boolean showNoiseless, boolean showPsf, String saveTo, boolean overwrite) {
    public static final String CUSTOM = "custom";
    /** Largest count accepted (the stacks or the file must still fit somewhere). */
    public static final int MAX_COUNT = 10_000_000;

    /**
     * Ranges of a custom uniform prior (see {@link UniformPrior}): flux and sigma in counts, hlr and PSF FWHM in
     * arcsec; n is continuous.
     */
    public record Ranges(double fluxMin, double fluxMax, double nMin, double nMax, double hlrMinArcsec,
                         double hlrMaxArcsec, double shearMax, double psfFwhmMinArcsec, double psfFwhmMaxArcsec,
                         double sigmaMin, double sigmaMax, boolean integerSigma) {
        /** @throws IllegalArgumentException for invalid ranges */
        public UniformPrior prior() {
            return new UniformPrior(fluxMin, fluxMax, nMin, nMax, 0, hlrMinArcsec, hlrMaxArcsec, shearMax,
                    psfFwhmMinArcsec, psfFwhmMaxArcsec, sigmaMin, sigmaMax, integerSigma);
        }

        static Ranges of(UniformPrior p) {
            return new Ranges(p.fluxMin(), p.fluxMax(), p.nMin(), p.nMax(), p.hlrMinArcsec(), p.hlrMaxArcsec(),
                    p.shearMax(), p.psfFwhmMin(), p.psfFwhmMax(), p.sigmaMin(), p.sigmaMax(), p.integerSigma());
        }
    }

    /** Choices of the preset field: the preset ids, then "custom". */
    public static String[] presetChoices() {
        Preset[] all = Preset.values();
        String[] ids = new String[all.length + 1];
        for (int i = 0; i < all.length; i++) ids[i] = all[i].id();
        ids[all.length] = CUSTOM;
        return ids;
    }

    /** Default custom ranges: those of dataset3. */
    static final Ranges DEFAULT_RANGES = Ranges.of((UniformPrior) Preset.DATASET3.prior());
    static final SimulationConfig DEFAULT_CONFIG = SimulationConfig.of(SimulateRequest.PRESET, SimulateRequest.SEED);

    /** The dialog / macro fields. */
    public static MacroForm form() {
        Ranges r = DEFAULT_RANGES;
        StampGeometry g = StampGeometry.DEFAULT;
        return new MacroForm()
                .choice("preset", presetChoices(), SimulateRequest.PRESET.id())
                .message("Custom prior (used when preset = custom):")
                .number("flux_min", r.fluxMin(), 0, "counts").sameRow().number("flux_max", r.fluxMax(), 0, "counts")
                .number("n_min", r.nMin(), 2, "").sameRow().number("n_max", r.nMax(), 2, "")
                .number("hlr_min", r.hlrMinArcsec(), 3, "arcsec").sameRow().number("hlr_max", r.hlrMaxArcsec(), 3, "arcsec")
                .number("shear_max", r.shearMax(), 3, "|g|")
                .number("psf_fwhm_min", r.psfFwhmMinArcsec(), 3, "arcsec").sameRow()
                .number("psf_fwhm_max", r.psfFwhmMaxArcsec(), 3, "arcsec")
                .number("sigma_min", r.sigmaMin(), 1, "counts").sameRow().number("sigma_max", r.sigmaMax(), 1, "counts")
                .flag("integer_sigma", r.integerSigma())
                .message("Dataset:")
                .integer("count", SimulateRequest.count(SimulateRequest.PRESET), "images").sameRow().longText("seed", SimulateRequest.SEED)
                .integer("stamp_size", g.size(), "pixels").sameRow().number("pixel_scale", g.pixelScale(), 3, "arcsec/pixel")
                .number("psf_beta", Preset.PSF_BETA, 2, "Moffat")
                .number("snr_min", DEFAULT_CONFIG.snrMin(), 1, "").sameRow().number("snr_max", DEFAULT_CONFIG.snrMax(), 1, "")
                .integer("threads", Runtime.getRuntime().availableProcessors(), "")
                .message("Output:")
                .flag("show_noisy", true).sameRow().flag("show_noiseless", false).sameRow().flag("show_psf", false)
                .text("save_to", "").flag("overwrite", false)
                .message("Flux and sigma in counts; hlr and PSF FWHM in arcsec. save_to: dataset FITS path (optional; an existing"
                        + " file is replaced only with overwrite).");
    }

    /**
     * Options from a macro options string (what a headless run gets from Macro.getOptions()).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static SimulationOptions parse(String macroOptions) {
        return from(form().read(macroOptions));
    }

    /**
     * Options from form values; checks them all (by building the simulation config).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static SimulationOptions from(MacroForm.Values v) {
        Ranges custom = new Ranges(v.number("flux_min"), v.number("flux_max"), v.number("n_min"), v.number("n_max"),
                v.number("hlr_min"), v.number("hlr_max"), v.number("shear_max"), v.number("psf_fwhm_min"),
                v.number("psf_fwhm_max"), v.number("sigma_min"), v.number("sigma_max"), v.flag("integer_sigma"));
        SimulationOptions o = new SimulationOptions(v.text("preset").toLowerCase(Locale.ROOT), custom,
                v.integer("count", 1, MAX_COUNT), v.integer("seed"), v.integer("stamp_size", 8, 1024),
                v.number("pixel_scale"), v.number("psf_beta"), v.number("snr_min"), v.number("snr_max"),
                v.integer("threads", 1, 1024), v.flag("show_noisy"), v.flag("show_noiseless"), v.flag("show_psf"),
                v.text("save_to"), v.flag("overwrite"));
        o.check();
        return o;
    }

    /** @throws IllegalArgumentException for anything the simulator would reject */
    public void check() {
        config();
        PsfModel.moffat(psfBeta, 1.0); // checks beta
    }

    public boolean isCustom() { return CUSTOM.equals(preset); }

    /** @throws IllegalArgumentException for an unknown preset or invalid custom ranges */
    public Prior prior() {
        return isCustom() ? custom.prior() : Preset.parse(preset).prior();
    }

    /** The simulation config; noisy images and PSFs are always kept. */
    public SimulationConfig config() {
        if (!(snrMin <= snrMax)) throw new IllegalArgumentException("snr_min=" + snrMin + " is above snr_max=" + snrMax);
        return new SimulationConfig(prior(), psfBeta, new StampGeometry(stampSize, pixelScale), seed, snrMin, snrMax,
                true, true);
    }

    /** True when every sample has the same PSF (one PSF image serves all). */
    public boolean fixedPsf() {
        Prior p = prior();
        if (p instanceof FixedGalaxyPrior) return true;
        return p instanceof UniformPrior u && u.psfFwhmMin() == u.psfFwhmMax();
    }

    public boolean hasSaveTo() { return saveTo != null && !saveTo.isBlank(); }

    /** The macro options that reproduce this run (custom ranges only for the custom preset). */
    public String toMacroOptions() {
        StringBuilder b = new StringBuilder("preset=").append(preset);
        if (isCustom()) {
            Ranges r = custom;
            b.append(" flux_min=").append(n(r.fluxMin())).append(" flux_max=").append(n(r.fluxMax()))
                    .append(" n_min=").append(n(r.nMin())).append(" n_max=").append(n(r.nMax()))
                    .append(" hlr_min=").append(n(r.hlrMinArcsec())).append(" hlr_max=").append(n(r.hlrMaxArcsec()))
                    .append(" shear_max=").append(n(r.shearMax()))
                    .append(" psf_fwhm_min=").append(n(r.psfFwhmMinArcsec()))
                    .append(" psf_fwhm_max=").append(n(r.psfFwhmMaxArcsec()))
                    .append(" sigma_min=").append(n(r.sigmaMin())).append(" sigma_max=").append(n(r.sigmaMax()));
            if (r.integerSigma()) b.append(" integer_sigma");
        }
        b.append(" count=").append(count).append(" seed=").append(seed).append(" stamp_size=").append(stampSize)
                .append(" pixel_scale=").append(n(pixelScale)).append(" psf_beta=").append(n(psfBeta))
                .append(" snr_min=").append(n(snrMin)).append(" snr_max=").append(n(snrMax))
                .append(" threads=").append(threads);
        if (showNoisy) b.append(" show_noisy");
        if (showNoiseless) b.append(" show_noiseless");
        if (showPsf) b.append(" show_psf");
        if (hasSaveTo()) b.append(" save_to=[").append(saveTo).append(']');
        if (overwrite) b.append(" overwrite");
        return b.toString();
    }

    /** The macro call that reproduces this run (the dataset's GPCMD). */
    public String toMacroCall() {
        return "run(\"" + SimulateGalaxiesPlugin.COMMAND + "\", \"" + toMacroOptions() + "\");";
    }

    private static String n(double v) { return SliceLabels.number(v); }
}
