package org.lci.cli;

import org.lci.runtime.CodecOptions;
import org.lci.runtime.Device;
import org.lci.runtime.LciCodec;
import org.lci.runtime.ModelPackRegistry;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options shared by the commands that run the codec: device, threads, extra model packs. */
final class CodecSettings {
    @Option(names = "--device", paramLabel = "cpu|cuda|auto", defaultValue = "cpu",
            converter = DeviceConverter.class,
            description = "Where the networks run (default: ${DEFAULT-VALUE}); cuda falls back to cpu.")
    Device device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads in all (0: one per core); shared out between the -j files coded at once.")
    int threads;

    @Option(names = "--pack", paramLabel = "FILE", description = "Also use this model pack (*.lcipack); repeatable.")
    List<Path> packs = new ArrayList<>();

    /** A codec with these settings; the caller closes it. */
    LciCodec open() throws IOException {
        return open(1);
    }

    /**
     * A codec for {@code jobs} files coded at once: the thread budget ({@code --threads}, or one per core) is
     * split between them, and each call codes its tiles one after another on its share (N threads in all, not
     * N² as when ONNX Runtime and the tile pool each got N).
     */
    LciCodec open(int jobs) throws IOException {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads: expected 0 or more, found " + threads);
        }
        ModelPackRegistry registry = ModelPackRegistry.defaults();
        for (Path pack : packs) {
            registry.addPack(pack);
        }
        CodecOptions.Builder options = CodecOptions.builder().registry(registry).device(device);
        if (threads > 0 || jobs > 1) {
            int budget = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
            options.intraOpThreads(Math.max(1, budget / jobs)).tileThreads(1);
        }
        return Shutdown.track(LciCodec.create(options.build()));
    }

    static final class DeviceConverter implements picocli.CommandLine.ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            return Device.parse(value);
        }
    }
}
