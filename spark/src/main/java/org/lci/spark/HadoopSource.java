package org.lci.spark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.lci.format.RandomAccessSource;

/**
 * A file on any Hadoop file system (local, HDFS, S3A, ...) as a {@link RandomAccessSource}, read with positioned
 * reads only, counting the bytes read: a tier decode reads the header, the tile index and the tier's
 * segments, never the rest of the file.
 */
final class HadoopSource implements RandomAccessSource {
    private final FSDataInputStream in;
    private final long length;
    private final AtomicLong bytesRead = new AtomicLong();

    private HadoopSource(FSDataInputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    static HadoopSource open(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        long length = fs.getFileStatus(p).getLen();
        return new HadoopSource(fs.open(p), length);
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void readFully(long position, byte[] dst, int off, int len) throws IOException {
        in.readFully(position, dst, off, len);
        bytesRead.addAndGet(len);
    }

    long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
