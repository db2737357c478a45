package org.galaxyparams.ij;

import org.galaxyparams.io.SliceLabels;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/**
 * Plugins &gt; Galaxy Params &gt; Save Galaxy Dataset...: writes the current stack as a dataset FITS. Slice labels
 * that carry true parameters ({@link SliceLabels}) become the LABELS truth, otherwise only psf and sigma are kept
 * (observations). Macro options: {@code path=[out.fits]}, {@code pixel_scale=S} (arcsec/pixel; defaults to the
 * image calibration when it is in arcsec).
 */
public class SaveGalaxyDatasetPlugin implements PlugIn {
    public static final String COMMAND = "Save Galaxy Dataset...";
    static final String TITLE = "Save Galaxy Dataset";

    static MacroForm form(ImagePlus imp) {
        double scale = GalaxyImages.pixelScaleArcsec(imp);
        return new MacroForm().message("Saves \"" + imp.getTitle() + "\": " + imp.getStackSize() + " slice(s) of " + imp.getWidth() + " x "
                        + imp.getHeight() + " pixels")
                .file("path", "").number("pixel_scale", Double.isNaN(scale) ? 0 : scale, 4, "arcsec/pixel")
                .flag("overwrite", false);
    }

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IjUi.error(TITLE, "no image: open or simulate a stack of galaxy stamps first");
            return;
        }
        MacroForm.Values v;
        try {
            v = PluginOptions.read(TITLE, form(imp), "path=[/data/out.fits] pixel_scale=0.23");
        } catch (IllegalArgumentException e) {
            IjUi.error(TITLE, e.getMessage());
            return;
        }
        if (v == null) return;
        String path = v.text("path");
        double scale = v.number("pixel_scale");
        if (path.isEmpty()) {
            IjUi.error(TITLE, "no file given: set path to the dataset FITS to write");
            return;
        }
        if (!(scale > 0)) {
            IjUi.error(TITLE, "the pixel scale is unknown: give pixel_scale in arcsec/pixel, or set the image "
                    + "calibration (Image>Properties, unit arcsec)");
            return;
        }
        if (java.nio.file.Files.exists(Path.of(path)) && !v.flag("overwrite")) {
            IjUi.error(TITLE, path + " exists: give another path, or tick overwrite to replace it");
            return;
        }
        String command = "run(\"" + COMMAND + "\", \"path=[" + path + "] pixel_scale=" + SliceLabels.number(scale) + "\");";
        IJ.resetEscape();
        try {
            int n = GalaxyImages.save(imp, Path.of(path).toAbsolutePath(), scale, command, IjUi.progress("Saving"));
            IjUi.done("Saved " + n + " images to " + path);
            IJ.log(TITLE + ": wrote " + n + " images of " + imp.getTitle() + " to " + path);
        } catch (CancellationException e) {
            IjUi.done(TITLE + ": cancelled, nothing written");
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            IjUi.done("");
            IjUi.error(TITLE, e.getMessage());
        }
    }
}
