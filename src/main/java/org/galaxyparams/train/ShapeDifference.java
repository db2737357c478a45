package org.galaxyparams.train;

import java.util.ArrayList;
import java.util.List;
import org.galaxyparams.net.Architecture;
import org.galaxyparams.net.XceptionConfig;

/**
 * Why a model's weights cannot start a run: the sizes that differ between its architecture and the run's, named as the
 * options that set them (train's {@code --blocks}, Fiji's "blocks"), with the value that would match.
 */
final class ShapeDifference {
    private ShapeDifference() {}

    /** Each differing size as "option: the model's value, this run's value"; empty when the two are equal. */
    static List<String> between(Architecture model, Architecture run) {
        List<String> out = new ArrayList<>();
        if (model.kind() != run.kind()) {
            out.add("network: " + model.kind().id() + ", this run " + run.kind().id());
            return out;
        }
        if (model.xception() == null) {
            if (!model.equals(run)) out.add("sizes: " + sizes(model) + ", this run " + sizes(run));
            return out;
        }
        XceptionConfig m = model.xception(), r = run.xception();
        differ(out, "blocks", m.blocks(), r.blocks());
        differ(out, "filters", m.blockFilters(), r.blockFilters());
        if (m.exitFilters() != 2 * m.blockFilters()) differ(out, "exit filters", m.exitFilters(), r.exitFilters());
        differ(out, "pool", m.poolAfterEntry(), r.poolAfterEntry());
        if (m.unshuffleEntry() != r.unshuffleEntry())
            out.add("unshuffle entry: " + (m.unshuffleEntry() ? "on" : "off") + ", this run " + (r.unshuffleEntry() ? "on" : "off"));
        if (m.outputs() != r.outputs())
            out.add("errors (a spread per label): " + (m.outputs() > 5 ? "on" : "off") + ", this run " + (r.outputs() > 5 ? "on" : "off"));
        if (m.inputChannels() != r.inputChannels())
            out.add("input planes (asinh adds one, a denoiser's plane another): " + m.inputChannels() + ", this run " + r.inputChannels());
        differ(out, "entry filters", m.entryFilters(), r.entryFilters());
        differ(out, "entry kernel", m.entryKernel(), r.entryKernel());
        differ(out, "kernel", m.kernel(), r.kernel());
        return out;
    }

    /** The error for a run whose {@code --init-from} model has another shape. */
    static String initFromMessage(String initFrom, Architecture model, Architecture run, String modelCommand) {
        return "init_from (--init-from) " + initFrom + " has another shape than this run: " + String.join("; ", between(model, run))
                + ". Give the run the model's shape" + (modelCommand == null ? "" : " (its card's command: " + modelCommand + ")")
                + ", or start from another model or from scratch (no init_from).";
    }

    private static void differ(List<String> out, String option, int model, int run) {
        if (model != run) out.add(option + ": " + model + ", this run " + run);
    }

    private static String sizes(Architecture a) {
        return a.edsr() != null ? a.edsr().toString() : a.rdn() != null ? a.rdn().toString() : String.valueOf(a.xception());
    }
}
