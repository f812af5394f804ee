package org.lci.format.vectors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.lci.format.CdfTable;
import org.lci.format.LciHeader;
import org.lci.format.RansEncoder;
import org.lci.format.Tier;
import org.lci.format.vectors.ConformanceVectors.ContainerVector;
import org.lci.format.vectors.ConformanceVectors.EntropyVector;

/** The files of {@code testdata/entropy} and {@code testdata/container}, keyed by path under testdata/. */
public final class VectorFiles {
    private VectorFiles() {
    }

    public static Map<String, byte[]> all() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (EntropyVector v : ConformanceVectors.entropy()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("description", v.description());
            m.put("stream", v.name() + ".bin");
            m.put("stream_length", v.stream().length);
            m.put("tables", ConformanceVectors.tablesJson(v.tables()));
            m.put("values", v.values());
            m.put("table_index", v.tableIndex());
            files.put("entropy/" + v.name() + ".json", utf8(Json.write(m)));
            files.put("entropy/" + v.name() + ".bin", v.stream());
        }
        for (ContainerVector v : ConformanceVectors.containers()) {
            String dir = v.valid() ? "container/valid/" : "container/malformed/";
            files.put(dir + v.name() + ".lci", v.file());
            files.put(dir + v.name() + ".json", utf8(Json.write(v.valid() ? validJson(v) : malformedJson(v))));
        }
        return files;
    }

    private static Map<String, Object> validJson(ContainerVector v) {
        LciHeader h = v.header();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("description", v.description());
        m.put("file", v.name() + ".lci");
        m.put("file_length", v.file().length);
        if (v.base() != null) {
            m.put("prefix_of", v.base());
        }
        Map<String, Object> hj = new LinkedHashMap<>();
        hj.put("width", h.width());
        hj.put("height", h.height());
        hj.put("layout", h.channelLayout().name());
        hj.put("q16", h.q16());
        hj.put("pack_digest_prefix", h.packDigestPrefixHex());
        List<Object> tiers = new ArrayList<>();
        for (Tier t : h.tiers()) {
            tiers.add(new int[] {t.scaleLog2(), t.groups()});
        }
        hj.put("tiers", tiers);
        hj.put("explicit_tile_grid", h.hasExplicitTileGrid());
        hj.put("tile_size", h.tileSize());
        hj.put("overlap", h.overlap());
        hj.put("header_bytes", h.toBytes().length);
        m.put("header", hj);
        m.put("tiles", h.tileGrid().tileCount());
        m.put("layer_ends", h.layerEnds());
        m.put("complete", v.complete());
        m.put("complete_tiers", v.completeTiers());
        m.put("chunks", new ArrayList<Object>(v.chunkTypes()));
        m.put("alpha_crc32c", v.alpha() == null ? null : crc(v.alpha()));
        m.put("tables", ConformanceVectors.tablesJson(v.content().tables()));
        m.put("segments", segments(v));
        return m;
    }

    /** Each segment's length and file offset, laid out here independently of the reader (SPEC.md 6). */
    static List<Object> segments(ContainerVector v) {
        LciHeader h = v.header();
        int tiles = h.tileGrid().tileCount();
        int per = h.segmentsPerTile();
        int[][] length = new int[tiles][per];
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < per; s++) {
                RansEncoder e = new RansEncoder();
                e.encode(v.content().values()[t][s], 0, v.content().values()[t][s].length,
                        v.content().tables().toArray(new CdfTable[0]), v.content().tableIndex()[t][s], 0);
                length[t][s] = e.finish().length;
            }
        }
        long[][] offset = new long[tiles][per];
        List<int[]> chunks = ConformanceVectors.chunkTable(v.file());
        int from = 0;
        int[] ends = h.layerEnds();
        for (int j = 0; j < ends.length; j++) {
            long p;
            try {
                p = ConformanceVectors.chunkStart(chunks, "LDAT", j) + 8;
            } catch (IllegalStateException missing) {
                p = -1;
            }
            for (int t = 0; t < tiles; t++) {
                for (int s = from; s < ends[j]; s++) {
                    offset[t][s] = p;
                    if (p >= 0) {
                        p += length[t][s];
                    }
                }
            }
            from = ends[j];
        }
        List<Object> out = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
            for (int s = 0; s < per; s++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("tile", t);
                m.put("segment", s);
                m.put("length", length[t][s]);
                m.put("offset", offset[t][s]);
                m.put("available", offset[t][s] >= 0 && offset[t][s] + length[t][s] <= v.file().length);
                m.put("values", v.content().values()[t][s]);
                m.put("table_index", v.content().tableIndex()[t][s]);
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, Object> malformedJson(ContainerVector v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("description", v.description());
        m.put("file", v.name() + ".lci");
        m.put("derived_from", v.base());
        m.put("stage", v.failure().stage().name().toLowerCase());
        m.put("error", v.failure().error());
        m.put("message", v.failure().message());
        m.put("tile", v.failure().tile());
        m.put("segment", v.failure().segment());
        return m;
    }

    static long crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        return c.getValue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
