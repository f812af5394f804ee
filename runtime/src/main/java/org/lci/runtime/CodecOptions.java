package org.lci.runtime;

import java.util.Objects;

import org.lci.format.LciLimits;

/** How a {@link LciCodec} runs: which model packs it knows, the ONNX Runtime device and threads. Immutable. */
public final class CodecOptions {

    private final ModelPackRegistry registry;
    private final Device device;
    private final int intraOpThreads;
    private final GraphOptimization optimization;
    private final int tileThreads;
    private final LciLimits limits;

    private CodecOptions(Builder b) {
        this.registry = b.registry;
        this.device = b.device;
        this.intraOpThreads = b.intraOpThreads;
        this.optimization = b.optimization;
        this.tileThreads = b.tileThreads;
        this.limits = b.limits;
    }

    /** Default options: {@link ModelPackRegistry#defaults()}, CPU, ONNX Runtime's thread default, ALL optimisations. */
    public static CodecOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Model packs this codec can use; null means {@link ModelPackRegistry#defaults()}. */
    public ModelPackRegistry registry() {
        return registry;
    }

    public Device device() {
        return device;
    }

    /** ONNX Runtime intra-op threads per session; 0 lets ONNX Runtime choose. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    public GraphOptimization optimization() {
        return optimization;
    }

    /** Tiles coded at the same time by one call (bounded pool); 1 codes tiles one after another. */
    public int tileThreads() {
        return tileThreads;
    }

    /**
     * Limits, checked against a file's header before anything is allocated (a file over them is refused with
     * {@code LciFormatException}) and against an image before it is encoded (so the codec never writes a file it
     * would refuse to read): {@link #DEFAULT_LIMITS} unless set.
     */
    public LciLimits limits() {
        return limits;
    }

    /** The format library's single default set, {@link LciLimits#DEFAULT}. */
    public static final LciLimits DEFAULT_LIMITS = LciLimits.DEFAULT;

    public Builder toBuilder() {
        return new Builder().registry(registry).device(device).intraOpThreads(intraOpThreads)
                .optimization(optimization).tileThreads(tileThreads).limits(limits);
    }

    public static final class Builder {
        private ModelPackRegistry registry;
        private Device device = Device.CPU;
        private int intraOpThreads;
        private GraphOptimization optimization = GraphOptimization.ALL;
        private int tileThreads = 1;
        private LciLimits limits = DEFAULT_LIMITS;

        private Builder() { }

        public Builder registry(ModelPackRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        public Builder intraOpThreads(int threads) {
            if (threads < 0 || threads > 1024) {
                throw new IllegalArgumentException("intraOpThreads: expected 0..1024, found " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        public Builder optimization(GraphOptimization optimization) {
            this.optimization = Objects.requireNonNull(optimization, "optimization");
            return this;
        }

        public Builder tileThreads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("tileThreads: expected 1..256, found " + threads);
            }
            this.tileThreads = threads;
            return this;
        }

        /** Largest image (per side, in pixels) and chunk a decode or {@code readInfo} accepts. */
        public Builder limits(LciLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public CodecOptions build() {
            return new CodecOptions(this);
        }
    }
}
