package org.galaxyparams.field;

import java.util.Locale;

/**
 * How sources are found in a field, with defaults and checks in one place.
 *
 * @param threshold pixels of the matched-filtered image at least this many noise sigmas above the background belong
 *                  to a source's footprint (SExtractor's DETECT_THRESH on the filtered image)
 * @param detection a footprint is a source when its filtered peak reaches this many sigmas
 * @param minArea fewest footprint pixels of a source
 * @param deblendSigma a secondary peak is a separate source when it rises this many sigmas above the saddle that
 *                     joins it to a brighter one...
 * @param deblendContrast ...and by at least this fraction of the brighter peak (SExtractor's DEBLEND_MINCONT in spirit)
 * @param backgroundBox box side in pixels of the background mesh; 0 for one constant sky over the field
 */
public record DetectionSettings(double threshold, double detection, int minArea, double deblendSigma, double deblendContrast,
                                int backgroundBox) {
    public static final DetectionSettings DEFAULTS = new DetectionSettings(2, 5, 5, 3, 0.01, BackgroundMap.DEFAULT_BOX);

    public DetectionSettings {
        if (!(threshold > 0 && threshold <= 1000)) throw new IllegalArgumentException(bad("threshold", threshold, "(0, 1000] sigma"));
        if (!(detection >= threshold && detection <= 1000))
            throw new IllegalArgumentException(bad("detection", detection, "[threshold, 1000] sigma (at least the footprint threshold " + threshold + ")"));
        if (minArea < 1 || minArea > 10000) throw new IllegalArgumentException(bad("min_area", minArea, "1 to 10000 pixels"));
        if (!(deblendSigma >= 0 && deblendSigma <= 1000)) throw new IllegalArgumentException(bad("deblend_sigma", deblendSigma, "[0, 1000]"));
        if (!(deblendContrast >= 0 && deblendContrast <= 1))
            throw new IllegalArgumentException(bad("deblend_contrast", deblendContrast, "[0, 1]; 1 turns deblending off"));
        if (backgroundBox != 0 && (backgroundBox < 16 || backgroundBox > 4096))
            throw new IllegalArgumentException(bad("background_box", backgroundBox, "16 to 4096 pixels, or 0 for a constant sky"));
    }

    private static String bad(String key, double v, String range) {
        return String.format(Locale.ROOT, "%s %s: give a value in %s", key, v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v), range);
    }

    public boolean constantSky() { return backgroundBox == 0; }
}
