// Fits the galaxy of a FITS stamp by maximum likelihood and saves the results table as CSV.
// Usage: java -jar ij.jar -batch macros/Fit_Galaxy.ijm "/path/stamp.fits,/path/results.csv"
// The stamp is opened with Plugins > Galaxy Params > Open Galaxy Dataset (FITS pixel order and header labels kept),
// a ROI is drawn around the centre and the fit cuts a 48-pixel stamp around the ROI's centroid.
args = split(getArgument(), ",");
run("Open Galaxy Dataset...", "path=[" + args[0] + "]");
w = getWidth(); h = getHeight();
makeRectangle(w/2 - 24, h/2 - 24, 48, 48);
run("Fit Galaxy (Maximum Likelihood)...", "psf_fwhm=0 psf_beta=2 stamp_size=48 show_model show_residual overlay save_csv=[" + args[1] + "]");
