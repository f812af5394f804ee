package org.lci.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * The folder a server serves: IIIF identifiers map to {@code {id}.lci} files directly inside it. An identifier
 * is a plain file name (letters, digits, {@code . _ -}, not starting with a dot), so no request can name a path
 * outside the folder; symbolic links whose target lies outside it are refused too.
 */
final class ImageStore {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

    /**
     * One file as a request sees it: its path and the version it had when the request started.
     *
     * @param version changes whenever the file's size or modification time does (for ETags)
     */
    record Entry(String id, Path path, long size, long lastModifiedMillis, String version) { }

    private final Path root;

    ImageStore(Path folder) throws IOException {
        this.root = folder.toRealPath();
        if (!Files.isDirectory(root)) {
            throw new IOException("not a folder: " + folder);
        }
    }

    Path root() {
        return root;
    }

    /** The file of {@code id}, or a 404 (or 400 for identifiers that cannot name a file here). */
    Entry find(String id) throws HttpError {
        if (!IDENTIFIER.matcher(id).matches()) {
            throw HttpError.badRequest("identifier: expected a file name of letters, digits, '.', '_' or '-' (at most"
                    + " 200, not starting with '.'), found '" + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + "'");
        }
        Path file = root.resolve(id + ".lci");
        try {
            Path real = file.toRealPath();
            if (!real.getParent().equals(root)) {
                throw HttpError.notFound("image '" + id + "' not found");
            }
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw HttpError.notFound("image '" + id + "' not found");
            }
            long modified = a.lastModifiedTime().toMillis();
            return new Entry(id, real, a.size(), modified, Long.toHexString(a.size()) + "-" + Long.toHexString(
                    a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)));
        }
        catch (NoSuchFileException e) {
            throw HttpError.notFound("image '" + id + "' not found");
        }
        catch (IOException e) {
            throw HttpError.notFound("image '" + id + "' cannot be read");
        }
    }
}
