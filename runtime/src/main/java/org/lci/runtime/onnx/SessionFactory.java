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

    private final OrtEnvironment env;
    private final CodecOptions options;
    private volatile Boolean cuda;

    public SessionFactory(CodecOptions options) {
        this.env = OrtEnvironment.getEnvironment();
        this.options = options;
    }

    public OrtEnvironment environment() {
        return env;
    }

    /** "CUDA" or "CPU" once decided; null before the first session. */
    public String provider() {
        Boolean c = cuda;
        return c == null ? null : c ? "CUDA" : "CPU";
    }

    /** A session for one graph; the caller owns it and closes it. */
    public OrtSession create(byte[] graph, String what) throws LciCodecException {
        try (SessionOptions so = sessionOptions()) {
            return env.createSession(graph, so);
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
            so.setMemoryPatternOptimization(true);
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
