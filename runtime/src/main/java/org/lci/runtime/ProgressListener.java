package org.lci.runtime;

/**
 * Progress and cancellation for one encode or decode. Called from the calling thread or from the
 * codec's tile workers (never concurrently for one call). Cancellation is checked between tiles.
 */
public interface ProgressListener {

    /** A listener that ignores progress and never cancels. */
    ProgressListener NONE = new ProgressListener() { };

    /** One more tile is done; {@code tilesDone} of {@code tileCount} in this pass. */
    default void tileDone(int tilesDone, int tileCount) { }

    /** True to stop before the next tile: a decode returns what is done, an encode throws {@code CancellationException}. */
    default boolean isCancelled() {
        return false;
    }
}
