package org.lci.runtime.pack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.lci.runtime.ModelPackException;
import org.lci.runtime.ModelPackInfo;

/**
 * Where a pack's bytes live (a file or a classpath resource). {@link #scan} reads only what the registry
 * needs to list the pack; {@link #load} reads and verifies the whole pack.
 */
public final class PackSource {

    /** Opens the pack's tar bytes. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String description;
    private final Opener opener;

    private PackSource(String description, Opener opener) {
        this.description = description;
        this.opener = opener;
    }

    public static PackSource file(Path path) {
        return new PackSource(path.toString(), () -> Files.newInputStream(path));
    }

    /** A classpath resource; null when it does not exist. */
    public static PackSource resource(ClassLoader loader, String name) {
        if (loader.getResource(name) == null) {
            return null;
        }
        return new PackSource("classpath:" + name, () -> {
            InputStream in = loader.getResourceAsStream(name);
            if (in == null) {
                throw new IOException("classpath resource " + name + " disappeared");
            }
            return in;
        });
    }

    public String description() {
        return description;
    }

    /** Reads the manifest (no integrity check yet) and returns what it names. */
    public ModelPackInfo scan() throws ModelPackException {
        byte[] manifest = readMembers("manifest.json").get("manifest.json");
        if (manifest == null) {
            throw new ModelPackException("model pack " + description + ": member 'manifest.json' is missing");
        }
        ModelPack.ManifestSummary s = ModelPack.summary(manifest, description);
        return new ModelPackInfo(s.name(), s.version(), ModelPack.digestOf(manifest), description, s.tiers());
    }

    /** Reads and verifies the whole pack. */
    public ModelPack load() throws ModelPackException {
        return ModelPack.load(readMembers(null), description);
    }

    private Map<String, byte[]> readMembers(String stopAt) throws ModelPackException {
        try (InputStream in = opener.open()) {
            return PackArchive.read(in, description, stopAt);
        } catch (ModelPackException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelPackException("model pack " + description + " cannot be read: " + e.getMessage(), e);
        }
    }
}
