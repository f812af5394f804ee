package org.lci.cli;

import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOWriteProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, fed by the plugin's per-tile progress. Draws only when a person
 * watches a terminal; in pipes and scripts it stays silent.
 */
final class ProgressBar implements IIOReadProgressListener, IIOWriteProgressListener {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean visible;
    private final String label;
    private int lastDrawn = -1;

    ProgressBar(Streams streams, String label) {
        this.err = streams.err();
        this.visible = streams.terminal();
        this.label = label;
    }

    void update(float percent) {
        if (!visible) {
            return;
        }
        int filled = Math.max(0, Math.min(WIDTH, Math.round(percent * WIDTH / 100f)));
        if (filled == lastDrawn) {
            return;
        }
        lastDrawn = filled;
        err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + Math.round(percent) + "%");
        err.flush();
    }

    void finish() {
        if (visible && lastDrawn >= 0) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 8) + "\r");
            err.flush();
        }
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
        update(percentageDone);
    }

    @Override
    public void imageProgress(ImageWriter source, float percentageDone) {
        update(percentageDone);
    }

    @Override
    public void imageComplete(ImageReader source) {
        finish();
    }

    @Override
    public void imageComplete(ImageWriter source) {
        finish();
    }

    // Events the bar has nothing to show for.
    @Override public void sequenceStarted(ImageReader source, int minIndex) { }
    @Override public void sequenceComplete(ImageReader source) { }
    @Override public void imageStarted(ImageReader source, int imageIndex) { }
    @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) { }
    @Override public void thumbnailProgress(ImageReader source, float percentageDone) { }
    @Override public void thumbnailComplete(ImageReader source) { }
    @Override public void readAborted(ImageReader source) { finish(); }
    @Override public void imageStarted(ImageWriter source, int imageIndex) { }
    @Override public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) { }
    @Override public void thumbnailProgress(ImageWriter source, float percentageDone) { }
    @Override public void thumbnailComplete(ImageWriter source) { }
    @Override public void writeAborted(ImageWriter source) { finish(); }
}
