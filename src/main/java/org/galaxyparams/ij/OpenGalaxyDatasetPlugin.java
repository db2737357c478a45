package org.galaxyparams.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Plugins &gt; Galaxy Params &gt; Open Galaxy Dataset...: opens a dataset FITS (or a plain FITS stamp) as 32-bit
 * stacks (noisy, noiseless, PSF: those in the file) whose slice labels carry the labels. Macro options:
 * {@code path=[file.fits]}, {@code count=N} (first N images; 0 = all), {@code pixel_scale=S} (arcsec/pixel, used
 * only when the file has no PIXSCALE; 0 = require one).
 */
public class OpenGalaxyDatasetPlugin implements PlugIn {
    public static final String COMMAND = "Open Galaxy Dataset...";
    static final String TITLE = "Open Galaxy Dataset";

    static MacroForm form() {
        return new MacroForm().file("path", "").integer("count", 0, "images (0 = all)")
                .number("pixel_scale", 0, 3, "arcsec/pixel if the file has none");
    }

    @Override
    public void run(String arg) {
        MacroForm form = form();
        MacroForm.Values v;
        try {
            v = PluginOptions.read(TITLE, form, "path=[/data/galaxies.fits]");
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
            return;
        }
        if (v == null) return;
        String path = v.text("path");
        if (path.isEmpty()) {
            IjUi.error(TITLE, "no file given: set path to a dataset FITS file");
            return;
        }
        double scale = v.number("pixel_scale");
        IJ.resetEscape();
        try {
            int count = v.integer("count", 0, Integer.MAX_VALUE);
            List<ImagePlus> images = GalaxyImages.open(Path.of(path), count, scale > 0 ? scale : Double.NaN,
                    IjUi.progress("Opening"));
            IjUi.done("Opened " + path);
            if (IjUi.headless()) {
                for (ImagePlus imp : images) IJ.log(TITLE + ": read " + imp.getTitle() + " (" + imp.getStackSize() + " images)");
            } else {
                // the noisy stack (the first) is shown last, so that it is the image the next command measures
                for (int i = images.size() - 1; i >= 0; i--) IjUi.show(images.get(i));
                if (!images.isEmpty()) ij.WindowManager.setTempCurrentImage(images.get(0));
            }
        } catch (CancellationException e) {
            IjUi.done(TITLE + ": cancelled");
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        }
    }
}
