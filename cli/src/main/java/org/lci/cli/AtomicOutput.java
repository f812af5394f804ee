package org.lci.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that it is either complete or not there: the bytes go to a temporary file in the
 * target's directory, which is then renamed over the target in one step. What the target is decides how:
 * a symbolic link is followed (the file it points to is replaced, the link stays); a device or FIFO (e.g.
 * {@code /dev/null}) is written into directly, never replaced; a new file gets the permissions the process's
 * umask gives (not 0600), a replaced file keeps its own.
 */
final class AtomicOutput {
    private AtomicOutput() { }

    /** Temp files being written; Ctrl-C or SIGTERM deletes them, so an interrupted batch leaves no partial file. */
    private static final java.util.Set<Path> IN_FLIGHT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Guards {@link #closed}: a temp file is created and registered, or refused, never left between the two. */
    private static final Object LOCK = new Object();
    private static boolean closed;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (LOCK) {
                closed = true;                           // no temp file after this one is started
                for (Path p : IN_FLIGHT) {
                    try {
                        Files.deleteIfExists(p);
                    }
                    catch (IOException e) {
                        // the process is ending; nothing else can be done about it
                    }
                }
            }
        }, "lci-temp-cleanup"));
    }

    /** Writes {@code bytes} to {@code target}; on any failure the target is untouched and no temp file stays. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            absolute = absolute.toRealPath();             // follows links: replace the file, keep the link
            if (!Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isDirectory(absolute)) {
                    throw new IOException(target + " is a folder, not a file");
                }
                try (OutputStream out = Files.newOutputStream(absolute, StandardOpenOption.WRITE)) {
                    out.write(bytes);                     // device or FIFO: stream into it
                }
                return;
            }
        }
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp;
        synchronized (LOCK) {
            if (closed) {
                throw new IOException(target + " not written: lci is stopping");
            }
            temp = createTemp(directory, absolute.getFileName().toString());
            IN_FLIGHT.add(temp);
        }
        try {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            copyPermissions(absolute, temp);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(temp);
            IN_FLIGHT.remove(temp);
        }
    }

    /** A new empty file {@code .NAME.RANDOM.part} with default permissions (Files.createTempFile forces 0600). */
    private static Path createTemp(Path directory, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = directory.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".part");
            try {
                return Files.createFile(p);
            }
            catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) {
            return;
        }
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null) {
            dst.setPermissions(src.readAttributes().permissions());
        }
    }
}
