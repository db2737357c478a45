// Estimates flux, sersic_n, hlr, g1, g2 of every FITS/TIFF stamp of a folder (or every image of a FITS dataset)
// with the shipped network and writes one CSV row per stamp.
// Usage: java -jar ij.jar -batch macros/Estimate_Folder.ijm "input=[/path/stamps] output=[/path/estimates.csv]"
// Optional keys in the argument: model=[name or card.json] denoiser=none|EDSR|RDN device=auto|cpu|gpu refine.
// Without an argument it asks for the folder and the CSV. A rerun with the same CSV adds only the files not yet in it.

arg = getArgument();
input = value(arg, "input", "");
output = value(arg, "output", "");
if (input == "")
    input = getDirectory("Choose a folder of stamps");
if (output == "")
    output = getString("CSV file for the estimates", input + "estimates.csv");
model = value(arg, "model", ""); // empty: the plugin's default regressor
denoiser = value(arg, "denoiser", "none");
device = value(arg, "device", "auto");
refine = "";
if (indexOf(" " + arg + " ", " refine ") >= 0)
    refine = " refine";

before = rows(output);
modelOption = "";
if (model != "")
    modelOption = "model=[" + model + "] ";
run("Estimate Parameters...", modelOption + "denoiser=" + denoiser + " device=" + device + refine
    + " input=[" + input + "] save_csv=[" + output + "]");
if (!File.exists(output)) {
    print("Estimate_Folder.ijm: no CSV was written; see the messages above");
    exit();
}

// summary: rows added, and how many of all rows are unreadable files or refused stamps
lines = split(File.openAsString(output), "\n");
total = 0; unreadable = 0; refused = 0;
for (i = 1; i < lines.length; i++) {
    if (lengthOf(lines[i]) == 0) continue;
    total++;
    if (indexOf(lines[i], "\"unreadable: ") >= 0) unreadable++;
    else if (emptyFlux(lines[i])) refused++;
}
print("Estimate_Folder.ijm: " + (total - before) + " new rows, " + total + " in " + output + " (" + unreadable
    + " rows for unreadable files, " + refused + " refused stamps)");

// The value of key=value or key=[value with spaces] in s, or def.
function value(s, key, def) {
    s = " " + s;
    i = indexOf(s, " " + key + "=");
    if (i < 0) return def;
    i = i + lengthOf(key) + 2;
    if (substring(s, i, i + 1) == "[") {
        j = indexOf(s, "]", i);
        if (j < 0) j = lengthOf(s);
        return substring(s, i + 1, j);
    }
    j = indexOf(s, " ", i);
    if (j < 0) j = lengthOf(s);
    return substring(s, i, j);
}

// Data rows of a CSV (0 when it does not exist yet).
function rows(path) {
    if (!File.exists(path)) return 0;
    n = 0;
    l = split(File.openAsString(path), "\n");
    for (k = 1; k < l.length; k++) if (lengthOf(l[k]) > 0) n++;
    return n;
}

// Whether a CSV row has no flux: a refused stamp. The columns are "file",index,slice,"roi",x,y,flux,...: the flux
// starts after the sixth comma outside quotes.
function emptyFlux(line) {
    j = indexOf(line, "\",");
    if (j < 0) return false;
    commas = 0;
    quoted = false;
    for (k = j + 1; k < lengthOf(line); k++) {
        c = substring(line, k, k + 1);
        if (c == "\"") quoted = !quoted;
        else if (c == "," && !quoted) {
            commas++;
            if (commas == 6) {
                if (k + 1 >= lengthOf(line)) return true;
                next = substring(line, k + 1, k + 2);
                if (next == ",") return true;
                return false;
            }
        }
    }
    return false;
}
