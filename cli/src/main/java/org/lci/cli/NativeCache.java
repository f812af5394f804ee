package org.lci.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * ONNX Runtime's Java package extracts its native libraries (about 20 MB) to a temporary folder at every JVM
 * start, about 150 ms of each {@code lci} run. The launcher ({@code bin/lci}) passes a per-user cache folder in
 * {@code -Dlci.native.cache}; the libraries are copied there once and loaded from there afterwards
 * ({@code onnxruntime.native.path}). Anything unexpected leaves ONNX Runtime to do as it always does.
 */
final class NativeCache {
    static final String PROPERTY = "lci.native.cache";

    private NativeCache() { }

    static void use() {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank() || System.getProperty("onnxruntime.native.path") != null) {
            return;
        }
        try {
            String platform = platform();
            Path target = Path.of(dir);
            Path done = target.resolve(".complete");
            if (!Files.exists(done)) {
                extract(platform, target);
                Files.writeString(done, platform);
            }
            System.setProperty("onnxruntime.native.path", target.toString());
        }
        catch (IOException | RuntimeException e) {
            // not fatal: ONNX Runtime extracts to a temporary folder as usual
        }
    }

    /** ONNX Runtime's name for this platform's native folder, e.g. {@code linux-x64}. */
    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64")
                ? "aarch64" : arch;
        return o + "-" + a;
    }

    private static void extract(String platform, Path target) throws IOException {
        Path jar = Path.of(java.net.URI.create(Main.class.getProtectionDomain().getCodeSource().getLocation().toString()));
        String prefix = "ai/onnxruntime/native/" + platform + "/";
        Files.createDirectories(target);
        int copied = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                    Path tmp = Files.createTempFile(target, ".native", ".part");
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(tmp, target.resolve(name.substring(prefix.length())), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    copied++;
                }
            }
        }
        if (copied == 0) {
            throw new IOException("no native libraries for " + platform + " in " + jar);
        }
    }
}
