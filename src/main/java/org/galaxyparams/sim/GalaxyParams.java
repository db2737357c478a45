package org.galaxyparams.sim;

/**
 * The five parameters of one galaxy, in label order.
 *
 * @param flux total flux of the profile in counts (ADU, gain 1), not the sum of the stamp
 * @param sersicN Sersic index
 * @param hlrArcsec half-light radius before shear, in arcsec
 * @param g1 reduced shear component along the x axis
 * @param g2 reduced shear component along the diagonal
 */
public record GalaxyParams(double flux, double sersicN, double hlrArcsec, double g1, double g2) {
    public static final String[] LABELS = {"flux", "sersic_n", "hlr", "g1", "g2"};
    /** The study's fixed test galaxy (SPEC section 2). */
    public static final GalaxyParams STUDY_TEST_GALAXY = new GalaxyParams(1e5, 3.0, 0.3, -0.069, 0.15);

    /** Throws an IllegalArgumentException naming the first parameter that cannot be rendered. */
    public GalaxyParams validate() {
        if (!Double.isFinite(flux) || flux < 0) fail("flux must be a finite number >= 0, got " + flux);
        if (!(sersicN >= SersicProfile.MIN_N && sersicN <= SersicProfile.MAX_N)) {
            fail("sersic_n must be in " + SersicProfile.MIN_N + "-" + SersicProfile.MAX_N + ", got " + sersicN);
        }
        if (!(hlrArcsec > 0) || !Double.isFinite(hlrArcsec)) fail("hlr must be > 0 arcsec, got " + hlrArcsec);
        if (!Double.isFinite(g1) || !Double.isFinite(g2) || g1 * g1 + g2 * g2 >= 1) {
            fail("shear |g| must be < 1, got g1=" + g1 + ", g2=" + g2);
        }
        return this;
    }

    public double[] toArray() { return new double[] {flux, sersicN, hlrArcsec, g1, g2}; }

    public static GalaxyParams of(double[] v) { return new GalaxyParams(v[0], v[1], v[2], v[3], v[4]); }

    private static void fail(String m) { throw new IllegalArgumentException(m); }
}
