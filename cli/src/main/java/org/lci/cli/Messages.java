package org.lci.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into one-line messages for the terminal. */
final class Messages {
    private Messages() { }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException nsf) {
            return "no such file: " + nsf.getFile();
        }
        if (e instanceof AccessDeniedException ade) {
            return "permission denied: " + ade.getFile();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }
}
