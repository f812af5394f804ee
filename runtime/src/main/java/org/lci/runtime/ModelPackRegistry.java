package org.lci.runtime;

import java.io.File;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.lci.runtime.pack.ModelPack;
import org.lci.runtime.pack.PackSource;

/**
 * The model packs a codec may use, found by name or by digest (prefix). Thread-safe; packs can be added
 * at any time. {@link #defaults()} holds
 * <ul>
 * <li>the default pack, the class-path resource {@code org/lci/runtime/packs/default.lcipack} (the
 * {@code lci-model-default} jar);</li>
 * <li>every class-path pack listed in a {@code META-INF/lci/model-packs} resource (one resource name per line,
 * {@code #} comments): how pack jars such as {@code lci-model-v1} make themselves known;</li>
 * <li>every {@code *.lcipack} in the directories listed in the system property {@code lci.model.path}
 * (path-separator separated).</li>
 * </ul>
 * Adding a pack reads its manifest; the full integrity check (every member's SHA-256) runs when the pack is first
 * used.
 */
public final class ModelPackRegistry {

    /** The classpath resource of the embedded default pack. */
    public static final String DEFAULT_PACK_RESOURCE = "org/lci/runtime/packs/default.lcipack";
    /** System property listing extra pack directories. */
    public static final String MODEL_PATH_PROPERTY = "lci.model.path";
    /** Class-path index of the packs a jar brings besides the default. */
    public static final String PACK_INDEX_RESOURCE = "META-INF/lci/model-packs";

    /**
     * Packs that were once the default and now ship in their own artifact: named in the error for a file that
     * needs one, so that its reader knows what to add. Digest → what to add.
     */
    private static final Map<String, String> RETIRED_PACKS = Map.of(
            "7e253874d6c05f091311be5aa5ff5c6aafdfe149f77da0e257bd2bee74d38e06",
            "lci-default 2026.11.2, the default pack until 2026-12: add the artifact org.lci:lci-model-v1",
            "b3c28598101819eb150f9a757f8be005efddb0dedad58915b7df844fd4d6fdc8",
            "lci-v2 2026.12.1, the default pack on 2026-12-02: add the artifact org.lci:lci-model-archive",
            "6e59e4cf7821143b7d46657354f2b9082ffd2348a263a32e90a0d143587d929d",
            "lci-v2 2026.12.2, the default pack on 2026-12-02 (fifth session): add the artifact org.lci:lci-model-archive",
            "4ccf0545039717aa4e81525daed1e20b22288b1ba238ee66180372510966a5a4",
            "lci-v2 2026.12.3, the default pack on 2026-12-02 (sixth session): add the artifact org.lci:lci-model-archive");

    private final Map<String, Entry> byDigest = new LinkedHashMap<>();
    private String defaultDigest;

    private static final class Entry {
        final ModelPackInfo info;
        final PackSource source;
        ModelPack loaded;

        Entry(ModelPackInfo info, PackSource source) {
            this.info = info;
            this.source = source;
        }
    }

    private ModelPackRegistry() { }

    /**
     * Default pack plus the packs in {@code lci.model.path}. A directory in the property that cannot be read
     * is an error; a missing embedded pack is not (the registry then has only the directory packs).
     */
    public static ModelPackRegistry defaults() throws IOException {
        ModelPackRegistry r = new ModelPackRegistry();
        ClassLoader loader = ModelPackRegistry.class.getClassLoader();
        PackSource embedded = PackSource.resource(loader, DEFAULT_PACK_RESOURCE);
        if (embedded != null) {
            r.add(embedded, true);
        }
        for (String name : indexedPackResources(loader)) {
            PackSource indexed = PackSource.resource(loader, name);
            if (indexed == null) {
                throw new ModelPackException("model pack index " + PACK_INDEX_RESOURCE + " names class-path resource "
                        + name + ", which does not exist");
            }
            r.add(indexed, false);
        }
        String path = System.getProperty(MODEL_PATH_PROPERTY, "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                r.addDirectory(Path.of(dir.trim()));
            }
        }
        return r;
    }

    /** The resource names listed in every {@link #PACK_INDEX_RESOURCE} on the class path, in class-path order. */
    static List<String> indexedPackResources(ClassLoader loader) throws IOException {
        List<String> names = new ArrayList<>();
        for (URL index : Collections.list(loader.getResources(PACK_INDEX_RESOURCE))) {
            java.net.URLConnection connection = index.openConnection();
            connection.setUseCaches(false); // a cached jar connection would keep a web app's jar open after undeploy
            try (BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String name = line.strip();
                    if (!name.isEmpty() && !name.startsWith("#") && !names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** A registry with no pack at all. */
    public static ModelPackRegistry empty() {
        return new ModelPackRegistry();
    }

    /** Adds one pack file (reads its manifest); its integrity is checked when it is first used. */
    public ModelPackRegistry addPack(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ModelPackException("model pack " + file + ": expected a readable .lcipack file, found none");
        }
        add(PackSource.file(file), false);
        return this;
    }

    /** Adds every {@code *.lcipack} file in a directory (not recursive), in name order. */
    public ModelPackRegistry addDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new ModelPackException("model pack directory " + directory + " (" + MODEL_PATH_PROPERTY
                    + "): expected a directory, found none");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.lcipack")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            addPack(f);
        }
        return this;
    }

    private synchronized void add(PackSource source, boolean isDefault) throws ModelPackException {
        ModelPackInfo info = source.scan();
        byDigest.putIfAbsent(info.digest(), new Entry(info, source));
        if (isDefault || defaultDigest == null) {
            defaultDigest = info.digest();
        }
    }

    /** Every installed pack, the default first. */
    public synchronized List<ModelPackInfo> packs() {
        List<ModelPackInfo> out = new ArrayList<>();
        if (defaultDigest != null) {
            out.add(byDigest.get(defaultDigest).info);
        }
        byDigest.values().stream().map(e -> e.info).filter(i -> !i.digest().equals(defaultDigest)).forEach(out::add);
        return out;
    }

    /** The pack used to encode when none is named: the embedded default, else the first added. */
    public synchronized ModelPackInfo defaultPack() throws ModelPackNotFoundException {
        if (defaultDigest == null) {
            throw new ModelPackNotFoundException("default", "no model pack is installed: expected "
                    + DEFAULT_PACK_RESOURCE + " on the classpath or *.lcipack files in " + MODEL_PATH_PROPERTY);
        }
        return byDigest.get(defaultDigest).info;
    }

    /** The pack whose name equals, or whose digest starts with, {@code nameOrDigest} (hex, any case). */
    public synchronized ModelPackInfo find(String nameOrDigest) throws ModelPackNotFoundException {
        String key = nameOrDigest.trim().toLowerCase(Locale.ROOT);
        for (Entry e : byDigest.values()) {
            if (e.info.name().equals(nameOrDigest.trim()) || !key.isEmpty() && e.info.digest().startsWith(key)) {
                return e.info;
            }
        }
        throw new ModelPackNotFoundException(nameOrDigest, "model pack '" + nameOrDigest
                + "' is not installed (installed: " + describe() + "); add it with " + MODEL_PATH_PROPERTY
                + " or ModelPackRegistry.addPack");
    }

    /** The verified pack with this digest prefix, loading it on first use. */
    synchronized ModelPack load(String digestPrefix) throws ModelPackException {
        Entry entry = null;
        for (Entry e : byDigest.values()) {
            if (e.info.digest().startsWith(digestPrefix.toLowerCase(Locale.ROOT))) {
                if (entry != null) { // SPEC.md 8.0: an ambiguous prefix is refused, never resolved by order
                    throw new ModelPackException("the file names model pack digest " + digestPrefix + "…, which two"
                            + " installed packs share: " + entry.info.name() + " (" + entry.info.digest() + ", "
                            + entry.source.description() + ") and " + e.info.name() + " (" + e.info.digest() + ", "
                            + e.source.description()
                            + "); remove one");
                }
                entry = e;
            }
        }
        if (entry == null) {
            throw new ModelPackNotFoundException(digestPrefix, "the file was coded with model pack digest "
                    + digestPrefix + "…, which is not installed (installed: " + describe() + "); "
                    + retiredHint(digestPrefix) + "add it with " + MODEL_PATH_PROPERTY + " or ModelPackRegistry.addPack");
        }
        if (entry.loaded == null) {
            ModelPack pack = entry.source.load();
            if (!pack.digest().equals(entry.info.digest())) {
                throw new ModelPackException("model pack " + entry.source.description() + " changed since it was added:"
                        + " digest was " + entry.info.digest() + ", now " + pack.digest());
            }
            entry.loaded = pack;
        }
        return entry.loaded;
    }

    /**
     * Digests of the packs that were once the default and now ship in their own artifact ({@code lci-model-v1},
     * {@code lci-model-archive}): files name them, so those artifacts must keep these exact packs.
     */
    public static Set<String> retiredPackDigests() {
        return RETIRED_PACKS.keySet();
    }

    private static String retiredHint(String digestPrefix) {
        String key = digestPrefix.toLowerCase(Locale.ROOT);
        return RETIRED_PACKS.entrySet().stream().filter(e -> !key.isEmpty() && e.getKey().startsWith(key))
                .map(e -> "it is " + e.getValue() + ", or ").findFirst().orElse("");
    }

    private String describe() {
        if (byDigest.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : byDigest.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.info.name()).append(' ').append(e.info.digest(), 0, 16);
        }
        return sb.toString();
    }
}
