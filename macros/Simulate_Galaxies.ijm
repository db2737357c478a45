// Simulate_Galaxies.ijm - simulate a small Galaxy Params dataset and save it, then exit.
//
// Argument (getArgument): the dataset FITS to write (replaced if it exists: naming it is the request); default:
// <temp folder>/galaxies_dataset1.fits.
// Writes that file (noisy cube, NOISELESS and PSF extensions, LABELS table) and, next to it,
// <name>_noisy.tif: the noisy stack, each slice labelled with its true parameters.
//
// Run without a screen (see macros/README.md):
//   xvfb-run -a java -jar ij.jar -ijpath <ImageJ folder> -batch macros/Simulate_Galaxies.ijm /tmp/galaxies.fits
// or from Fiji: Plugins > Macros > Run..., or with --headless (Fiji's launcher).

out = getArgument();
if (out == "")
    out = getDirectory("temp") + "galaxies_dataset1.fits";
setBatchMode(true);
run("Simulate Galaxies...", "preset=dataset1 count=8 seed=42 stamp_size=64 pixel_scale=0.23 psf_beta=2 threads=2 show_noisy save_to=[" + out + "] overwrite");
if (nImages == 0)
    exit("Simulate_Galaxies.ijm: no image was made; see the messages above");
tif = replace(out, "\\.[Ff][Ii][Tt][Ss]?$", "") + "_noisy.tif";
saveAs("Tiff", tif);
print("Simulate_Galaxies.ijm: wrote " + out + " and " + tif + " (" + nSlices + " slices; slice 1: " + getInfo("slice.label") + ")");
close("*");
