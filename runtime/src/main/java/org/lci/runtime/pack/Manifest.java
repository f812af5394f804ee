package org.lci.runtime.pack;

import java.util.List;
import java.util.Map;

import com.google.gson.annotations.SerializedName;

/** manifest.json of a model pack, as Gson reads it (docs/ARCHITECTURE.md). Checked by {@link ModelPack}. */
final class Manifest {
    String format;
    @SerializedName("format_version") int formatVersion;
    String name;
    String version;
    String architecture;
    @SerializedName("M") int m;
    @SerializedName("Nz") int nz;
    List<Integer> groups;
    List<Tier> tiers;
    Quality quality;
    @SerializedName("hyper_synthesis") List<Layer> hyperSynthesis;
    @SerializedName("entropy_path") EntropyPath entropyPath;
    Map<String, TensorRef> tensors;
    Map<String, String> files;

    static final class Tier {
        int tier;
        @SerializedName("scale_log2") int scaleLog2;
        int groups;
        String graph;
    }

    static final class Quality {
        int anchors;
        List<Double> lambdas;
        @SerializedName("default") double defaultQuality;
    }

    static final class Layer {
        String type;
        int in;
        int out;
        int kernel;
        int stride;
        int padding;
        @SerializedName("output_padding") int outputPadding;
        String activation;
        String weight;
        String bias;
    }

    static final class TensorRef {
        List<Integer> shape;
        long offset;
        String dtype;
    }

    /** Format 2: the integer entropy-parameter path (SPEC.md). */
    static final class EntropyPath {
        @SerializedName("mean_bits") int meanBits;
        @SerializedName("context_shift") int contextShift;
        @SerializedName("context_limit") int contextLimit;
        @SerializedName("z_scale") int zScale;
        @SerializedName("z_limit") int zLimit;
        Integer shift;
        @SerializedName("scale_count") int scaleCount;
        int features;
        List<IntLayer> hyper;
        List<Head> heads;
    }

    static final class IntLayer {
        List<Part> parts;
        int out;
        String bias;
        Integer shift;
        int min;
        int max;
    }

    static final class Part {
        String input;
        String type;
        int in;
        int kernel;
        String weight;
        String mult;
    }

    static final class Head {
        int group;
        IntLayer first;
        IntLayer hidden;
        IntLayer mean;
        IntLayer scale;
    }
}
