package org.adabinhw.golden.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The layer types of the network format and the JSON fields each one accepts. */
final class LayerTypes {
    /** Valid weight binarizer names. */
    static final Set<String> WEIGHT_BINARIZERS = ordered("adabin", "sign", "xnor", "wsd");
    /** Valid activation binarizer names. */
    static final Set<String> ACTIVATION_BINARIZERS = ordered("adabin", "sign", "channel_threshold", "se_threshold");
    /** Every layer type, in documentation order, with its valid fields (name, type and inputs first). */
    static final Map<String, List<String>> FIELDS;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("conv2d", fields("out_channels", "in_channels", "kernel", "stride", "padding", "bias"));
        m.put("binary_conv2d", fields("out_channels", "in_channels", "kernel", "stride", "padding",
                "weight_binarizer", "activation_binarizer"));
        m.put("batchnorm", fields("eps"));
        m.put("maxout", fields());
        m.put("prelu", fields());
        m.put("hardtanh", fields("min", "max"));
        m.put("relu", fields());
        m.put("add", fields());
        m.put("shortcut_a", fields("stride", "pad_channels"));
        m.put("maxpool2d", fields("kernel", "stride", "padding", "ceil_mode"));
        m.put("avgpool2d", fields("kernel", "stride", "padding", "ceil_mode", "count_include_pad"));
        m.put("global_avgpool", fields());
        m.put("linear", fields("out_features", "in_features", "bias"));
        FIELDS = Collections.unmodifiableMap(m);
    }

    private LayerTypes() {
    }

    private static List<String> fields(String... specific) {
        String[] all = new String[specific.length + 3];
        all[0] = "name";
        all[1] = "type";
        all[2] = "inputs";
        System.arraycopy(specific, 0, all, 3, specific.length);
        return List.of(all);
    }

    private static Set<String> ordered(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }
}
