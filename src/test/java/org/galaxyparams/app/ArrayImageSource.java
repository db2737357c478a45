package org.galaxyparams.app;

/** An image for the workflows held in arrays: one plane per slice, labels optional. */
record ArrayImageSource(String title, int width, int height, float[][] planes, String[] labels, double pixelScale, int bitDepth)
        implements ImageSource {
    static ArrayImageSource of(String title, float[] plane, int width, int height, double pixelScale) {
        return new ArrayImageSource(title, width, height, new float[][] {plane}, new String[1], pixelScale, 32);
    }

    @Override public int slices() { return planes.length; }

    @Override public float[] plane(int slice) { return planes[slice - 1].clone(); }

    @Override public String label(int slice) { return labels[slice - 1]; }
}
