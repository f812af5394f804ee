package org.lci.runtime.pack;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.lci.runtime.ModelPackException;

/** The members of a model pack tar, read fully into memory with bounded sizes. */
final class PackArchive {

    /** A pack is at most this large in all (the default pack is ≤ 20 MB). */
    static final long MAX_TOTAL_BYTES = 512L << 20;

    private PackArchive() { }

    /** Reads every regular member; directories and other entry types are ignored. */
    static Map<String, byte[]> read(InputStream in, String source) throws ModelPackException {
        return read(in, source, null);
    }

    /**
     * Reads regular members up to and including {@code stopAt} (every member when null): listing a pack needs
     * only manifest.json, which the exporter writes first.
     */
    static Map<String, byte[]> read(InputStream in, String source, String stopAt) throws ModelPackException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = stripDotSlash(entry.getName());
                long size = entry.getSize();
                total += size;
                if (size < 0 || total > MAX_TOTAL_BYTES) {
                    throw new ModelPackException("model pack " + source + ": member '" + name + "' of " + size
                            + " bytes takes the pack past the limit of " + MAX_TOTAL_BYTES + " bytes");
                }
                if (members.containsKey(name)) {
                    throw new ModelPackException("model pack " + source + ": member '" + name + "' appears twice");
                }
                members.put(name, tar.readNBytes((int) size));
                if (members.get(name).length != size) {
                    throw new ModelPackException("model pack " + source + ": member '" + name + "' is truncated: expected "
                            + size + " bytes, found " + members.get(name).length);
                }
                if (name.equals(stopAt)) {
                    break;
                }
            }
        } catch (ModelPackException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelPackException("model pack " + source + " is not a readable tar archive: " + e.getMessage(), e);
        }
        if (members.isEmpty()) {
            throw new ModelPackException("model pack " + source + ": expected a tar archive with manifest.json, found no member");
        }
        return members;
    }

    private static String stripDotSlash(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
