package org.lci.runtime.onnx;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.lci.runtime.LciCodecException;
import org.lci.runtime.pack.ModelPack;

/**
 * The ONNX Runtime sessions of one model pack: the encoder and one synthesis graph per tier, created once
 * (each lazily, on first use) and shared by every thread (OrtSession.run is thread-safe).
 *
 * <p>Lifecycle: every run holds the read side of a lock while it uses a session and reads its result;
 * {@link #close()} takes the write side, so it waits for the runs in flight and only then frees the native
 * sessions (ONNX Runtime's close is an unlocked native free: freeing a session under a running call crashes
 * the JVM). A run that starts after close fails with "codec is closed".
 */
public final class PackSessions implements AutoCloseable {

    private final ModelPack pack;
    private final SessionFactory factory;
    private OrtSession encoder;
    private final OrtSession[] synthesis;
    private volatile boolean closed;
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
            new java.util.concurrent.locks.ReentrantReadWriteLock();

    public PackSessions(ModelPack pack, SessionFactory factory) {
        this.pack = pack;
        this.factory = factory;
        this.synthesis = new OrtSession[pack.tiers().size()];
    }

    /** {@link SessionFactory#outputIdentity()} of these sessions. */
    public String outputIdentity() {
        return factory.outputIdentity();
    }

    /** Encoder output: {@code y [M, h, w]} (gained) and {@code z [Nz, h/4, w/4]}. */
    public record Latents(float[] y, float[] z) { }

    /**
     * Runs {@code encoder.onnx}.
     *
     * @param image fills a direct buffer with the {@code [3, height, width]} RGB input in [0,1]
     */
    public Latents encode(java.util.function.Consumer<FloatBuffer> image, int height, int width, float[] gain)
            throws LciCodecException {
        lifecycle.readLock().lock();
        try {
            return encodeOpen(image, height, width, gain);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Latents encodeOpen(java.util.function.Consumer<FloatBuffer> image, int height, int width, float[] gain)
            throws LciCodecException {
        OrtSession s = encoderSession();
        FloatBuffer x = null;
        FloatBuffer g = null;
        try {
            x = DirectFloats.acquire(3 * height * width);
            image.accept(x);
            x.rewind();
            g = DirectFloats.acquire(gain.length);
            g.put(gain).rewind();
            return runEncoder(s, x, g, height, width, gain.length);
        } finally {                                    // the tensors that read them are closed by now
            DirectFloats.release(x);
            DirectFloats.release(g);
        }
    }

    private Latents runEncoder(OrtSession s, FloatBuffer x, FloatBuffer g, int height, int width, int gains)
            throws LciCodecException {
        int m = pack.latentChannels();
        int nz = pack.hyperChannels();
        OrtEnvironment env = factory.environment(); // loads the natives on first use
        try (OnnxTensor xt = OnnxTensor.createTensor(env, x, new long[] {1, 3, height, width});
             OnnxTensor gt = OnnxTensor.createTensor(env, g, new long[] {gains});
             OrtSession.Result r = s.run(Map.of("x", xt, "gain", gt))) {
            float[] y = read(r, "y", new long[] {1, m, height / 16, width / 16}, "encoder.onnx");
            float[] z = read(r, "z", new long[] {1, nz, height / 64, width / 64}, "encoder.onnx");
            return new Latents(y, z);
        } catch (OrtException e) {
            throw new LciCodecException("ONNX Runtime failed running encoder.onnx of pack " + pack.info().name()
                    + " on a " + width + "x" + height + " tile: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code synthesis_t{tier}.onnx} on {@code yHat} ({@code [C_k, h, w]}, already multiplied by the inverse
     * gain) and returns {@code x_hat [3, 16h/2^k, 16w/2^k]}, unclipped.
     */
    public float[] synthesize(int tier, float[] yHat, int h, int w) throws LciCodecException {
        lifecycle.readLock().lock();
        try {
            return synthesizeOpen(tier, yHat, h, w);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private float[] synthesizeOpen(int tier, float[] yHat, int h, int w) throws LciCodecException {
        ModelPack.Tier t = pack.tiers().get(tier);
        OrtSession s = synthesisSession(tier);
        FloatBuffer y = DirectFloats.acquire(yHat.length);
        try {
            y.put(yHat).rewind();
            return runSynthesis(s, t, tier, y, h, w);
        } finally {
            DirectFloats.release(y);
        }
    }

    private float[] runSynthesis(OrtSession s, ModelPack.Tier t, int tier, FloatBuffer y, int h, int w)
            throws LciCodecException {
        int oh = (16 * h) >> t.scaleLog2();
        int ow = (16 * w) >> t.scaleLog2();
        String graph = "synthesis_t" + tier + ".onnx";
        OrtEnvironment env = factory.environment();
        try (OnnxTensor yt = OnnxTensor.createTensor(env, y, new long[] {1, t.channels(), h, w});
             OrtSession.Result r = s.run(Map.of("y_hat", yt))) {
            return read(r, "x_hat", new long[] {1, 3, oh, ow}, graph);
        } catch (OrtException e) {
            throw new LciCodecException("ONNX Runtime failed running " + graph + " of pack " + pack.info().name()
                    + ": " + e.getMessage(), e);
        }
    }

    private static float[] read(OrtSession.Result r, String name, long[] shape, String graph)
            throws OrtException, LciCodecException {
        OnnxValue v = r.get(name).orElseThrow(() -> new LciCodecException(graph + ": expected output '" + name
                + "', found " + outputNames(r)));
        if (!(v instanceof OnnxTensor t) || !Arrays.equals(t.getInfo().getShape(), shape)) {
            throw new LciCodecException(graph + ": expected output '" + name + "' of shape " + Arrays.toString(shape)
                    + ", found " + v.getInfo());
        }
        FloatBuffer fb = t.getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    private static String outputNames(OrtSession.Result r) {
        StringBuilder sb = new StringBuilder();
        r.forEach(e -> sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()));
        return sb.toString();
    }

    private synchronized OrtSession encoderSession() throws LciCodecException {
        ensureOpen();
        if (encoder == null) {
            encoder = factory.create(pack.encoderGraph(), "encoder.onnx of pack " + pack.info().name());
        }
        return encoder;
    }

    private synchronized OrtSession synthesisSession(int tier) throws LciCodecException {
        ensureOpen();
        if (synthesis[tier] == null) {
            synthesis[tier] = factory.create(pack.tiers().get(tier).graph(),
                    "synthesis_t" + tier + ".onnx of pack " + pack.info().name());
        }
        return synthesis[tier];
    }

    private void ensureOpen() throws LciCodecException {
        if (closed) {
            throw new org.lci.runtime.CodecClosedException();
        }
    }

    /** Waits for the runs in flight, then frees the sessions; later runs fail with "codec is closed". */
    @Override
    public void close() {
        lifecycle.writeLock().lock();          // never while holding this object's monitor: runs take it inside
        try {
            synchronized (this) {
                closed = true;
                closeQuietly(encoder);
                encoder = null;
                for (int i = 0; i < synthesis.length; i++) {
                    closeQuietly(synthesis[i]);
                    synthesis[i] = null;
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException e) {
                // the native session is gone either way; nothing useful to report at close
            }
        }
    }
}
