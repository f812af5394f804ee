package org.lci.runtime.onnx;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import org.lci.runtime.CodecOptions;
import org.lci.runtime.Device;
import org.lci.runtime.GraphOptimization;
import org.lci.runtime.LciCodecException;

/**
 * Creates ONNX Runtime sessions for one codec: picks the execution provider once (CUDA when asked and
 * available, else CPU), logs that choice in one line, and applies threads and optimisation level.
 */
public final class SessionFactory {

    private static final Logger LOG = System.getLogger("org.lci.runtime");

    private volatile OrtEnvironment env;
    private final CodecOptions options;
    private volatile Boolean cuda;

    public SessionFactory(CodecOptions options) {
        this.options = options;
    }

    /**
     * The ONNX Runtime environment, loading its native library on first use: a codec that only reads headers
     * (the ImageIO reader's metadata, {@code lci info}) works where ONNX Runtime has no native build.
     *
     * @throws LciCodecException naming this platform when the native library cannot be loaded
     */
    public OrtEnvironment environment() throws LciCodecException {
        OrtEnvironment e = env;
        if (e == null) {
            synchronized (this) {
                e = env;
                if (e == null) {
                    try {
                        env = e = OrtEnvironment.getEnvironment();
                    }
                    catch (LinkageError | RuntimeException failure) {
                        throw new LciCodecException(nativeMissing(failure), failure);
                    }
                }
            }
        }
        return e;
    }

    /** What to tell a user whose platform ONNX Runtime does not support. */
    static String nativeMissing(Throwable failure) {
        String platform = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        boolean musl = java.nio.file.Files.exists(java.nio.file.Path.of("/lib/ld-musl-x86_64.so.1"))
                || java.nio.file.Files.exists(java.nio.file.Path.of("/lib/ld-musl-aarch64.so.1"));
        return "ONNX Runtime's native library cannot be loaded on this platform (" + platform + (musl ? ", musl libc" : "")
                + "): " + firstLine(failure.toString()) + ". LCI decodes and encodes pixels with ONNX Runtime, whose Java"
                + " package ships natives for Linux x64/aarch64 with glibc, macOS x64/arm64 and Windows x64 (not musl"
                + " libc, e.g. Alpine); headers and metadata stay readable without it";
    }

    /**
     * What, besides the model and its input, can change a session's outputs: the device asked for, the graph
     * optimisation level and the intra-op threads (ONNX Runtime is not bit-exact across providers). Known before
     * any session exists, so that cache keys made before and after the first session agree.
     */
    public String outputIdentity() {
        return options.device() + "/" + options.optimization() + "/" + options.intraOpThreads();
    }

    /** "CUDA" or "CPU" once decided; null before the first session. */
    public String provider() {
        Boolean c = cuda;
        return c == null ? null : c ? "CUDA" : "CPU";
    }

    /** A session for one graph; the caller owns it and closes it. */
    public OrtSession create(byte[] graph, String what) throws LciCodecException {
        OrtEnvironment environment = environment();
        try (SessionOptions so = sessionOptions()) {
            return environment.createSession(graph, so);
        } catch (OrtException e) {
            throw new LciCodecException("ONNX Runtime could not load " + what + ": " + e.getMessage(), e);
        }
    }

    private SessionOptions sessionOptions() throws OrtException {
        SessionOptions so = new SessionOptions();
        try {
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            so.setOptimizationLevel(optLevel(options.optimization()));
            // Memory patterns off: with them ONNX Runtime plans one block per input shape on the second run of that
            // shape, and that run paid for it (kodim01, warm JVM: 460-575 ms instead of 127 ms). Every image size
            // and edge tile is a new shape, and ImageIO users mostly decode assorted sizes; the steady state of
            // one repeated shape is 5-15 % slower without them (96 -> 100-113 ms), which a server's tile cache hides.
            so.setMemoryPatternOptimization(false);
            // Idle intra-op threads sleep instead of spinning: on a shared 2-core box spinning cost 25% more CPU
            // and 25% more wall time per Kodak encode/decode (measured, see runtime/API.md).
            so.addConfigEntry("session.intra_op.allow_spinning", "0");
            useCuda(so);
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    /** Adds the CUDA provider when the device asks for it and it starts; decides (and logs) only once. */
    private synchronized boolean useCuda(SessionOptions so) {
        Device device = options.device();
        if (device == Device.CPU || Boolean.FALSE.equals(cuda)) {
            if (cuda == null) {
                cuda = false;
                LOG.log(Level.INFO, "LCI runtime: ONNX Runtime execution provider CPU (device=cpu)");
            }
            return false;
        }
        try {
            so.addCUDA(0);
            if (cuda == null) {
                cuda = true;
                LOG.log(Level.INFO, "LCI runtime: ONNX Runtime execution provider CUDA (GPU 0, device="
                        + device.name().toLowerCase() + ")");
            }
            return true;
        } catch (OrtException | RuntimeException | LinkageError e) {
            cuda = false;
            LOG.log(Level.INFO, "LCI runtime: ONNX Runtime execution provider CPU (device="
                    + device.name().toLowerCase() + ", CUDA unavailable: " + firstLine(e.getMessage()) + ")");
            return false;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static OptLevel optLevel(GraphOptimization g) {
        return switch (g) {
            case NONE -> OptLevel.NO_OPT;
            case BASIC -> OptLevel.BASIC_OPT;
            case EXTENDED -> OptLevel.EXTENDED_OPT;
            case ALL -> OptLevel.ALL_OPT;
        };
    }
}
