package org.galaxyparams.stamp;

import java.util.Locale;

/** What is done with the sky level measured on a stamp's border frame. */
public enum SkyMode {
    /**
     * Around a galaxy in a larger image, where the sky is measured on about 9,600 pixels, always subtract it (so a
     * constant added to the image changes nothing). On a ready-cut stamp, whose frame has too few pixels to subtract
     * its own noise for free, subtract it only when it differs from zero by more than {@link SkyLevel#SIGNIFICANCE} standard errors.
     */
    AUTO,
    /** Always subtract it. */
    SUBTRACT,
    /** Never subtract it: the data are sky-subtracted already. */
    NONE;

    public String word() { return name().toLowerCase(Locale.ROOT); }

    /** auto, subtract or none (any case). */
    public static SkyMode parse(String s) {
        for (SkyMode m : values()) if (m.word().equalsIgnoreCase(s == null ? "" : s.trim())) return m;
        throw new IllegalArgumentException("sky '" + s + "': use auto (subtract when measurably non-zero), subtract or none");
    }
}
