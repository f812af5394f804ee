package org.lci.imageio;

import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOWriteProgressListener;
import java.util.ArrayList;
import java.util.List;

/** Records progress events by name ("started", "progress", "complete", "aborted", …) in order. */
class EventLog implements IIOReadProgressListener, IIOWriteProgressListener {
    final List<String> events = new ArrayList<>();
    final List<Float> percentages = new ArrayList<>();

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    @Override public void imageStarted(ImageReader source, int imageIndex) { events.add("started"); }
    @Override public void imageProgress(ImageReader source, float percentageDone) { progress(percentageDone); }
    @Override public void imageComplete(ImageReader source) { events.add("complete"); }
    @Override public void readAborted(ImageReader source) { events.add("aborted"); }
    @Override public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) { events.add("thumbnailStarted"); }
    @Override public void thumbnailProgress(ImageReader source, float percentageDone) { progress(percentageDone); }
    @Override public void thumbnailComplete(ImageReader source) { events.add("thumbnailComplete"); }
    @Override public void sequenceStarted(ImageReader source, int minIndex) { events.add("sequenceStarted"); }
    @Override public void sequenceComplete(ImageReader source) { events.add("sequenceComplete"); }

    @Override public void imageStarted(ImageWriter source, int imageIndex) { events.add("started"); }
    @Override public void imageProgress(ImageWriter source, float percentageDone) { progress(percentageDone); }
    @Override public void imageComplete(ImageWriter source) { events.add("complete"); }
    @Override public void writeAborted(ImageWriter source) { events.add("aborted"); }
    @Override public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) { events.add("thumbnailStarted"); }
    @Override public void thumbnailProgress(ImageWriter source, float percentageDone) { progress(percentageDone); }
    @Override public void thumbnailComplete(ImageWriter source) { events.add("thumbnailComplete"); }

    private void progress(float percentageDone) {
        events.add("progress");
        percentages.add(percentageDone);
    }
}
