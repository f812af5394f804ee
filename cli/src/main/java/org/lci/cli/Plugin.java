package org.lci.cli;

import org.lci.imageio.LciImageReader;
import org.lci.imageio.LciImageWriter;
import org.lci.runtime.LciCodec;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.util.Iterator;

/** The LCI reader and writer as ImageIO finds them, bound to the command's codec. */
final class Plugin {
    private Plugin() { }

    static LciImageWriter writer(LciCodec codec) throws IIOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("lci");
        while (writers.hasNext()) {
            if (writers.next() instanceof LciImageWriter writer) {
                writer.setCodec(codec);
                return writer;
            }
        }
        throw new IIOException("the LCI ImageIO writer is not installed (META-INF/services missing from the jar?)");
    }

    static LciImageReader reader(LciCodec codec, byte[] file) throws IIOException {
        return reader(codec, new MemoryCacheImageInputStream(new ByteArrayInputStream(file)));
    }

    /** A reader on the stream; the caller closes the stream. */
    static LciImageReader reader(LciCodec codec, ImageInputStream input) throws IIOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("lci");
        while (readers.hasNext()) {
            if (readers.next() instanceof LciImageReader reader) {
                reader.setCodec(codec);
                reader.setInput(input, true, false);
                return reader;
            }
        }
        throw new IIOException("the LCI ImageIO reader is not installed (META-INF/services missing from the jar?)");
    }
}
