package org.lci.imageio;

import org.lci.format.RandomAccessSource;
import org.lci.runtime.LciCodec;
import org.lci.runtime.LciInfo;
import org.lci.runtime.ModelPackInfo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Builds the plugin's {@link LciFileInfo} from what the runtime reads out of a header. */
final class FileInfos {
    private FileInfos() { }

    static LciFileInfo of(LciInfo header, RandomAccessSource file, LciCodec codec) {
        ModelPackInfo pack = findPack(codec, header.packDigestPrefix());
        long[][] bytes = TierSizes.bytes(file, header.tierCount());
        List<LciFileInfo.Tier> tiers = new ArrayList<>();
        for (int k = 0; k < header.tierCount(); k++) {
            tiers.add(new LciFileInfo.Tier(k, header.tierWidth(k), header.tierHeight(k), bytes[0][k], bytes[1][k]));
        }
        return new LciFileInfo(header.width(), header.height(), TierSizes.formatVersion(file),
                header.tileSize(), header.overlap(), header.q16() / 65535f,
                pack == null ? null : pack.name(), pack == null ? null : pack.version(),
                header.packDigestPrefix(), tiers);
    }

    /** The installed pack the header names, or null when it is not installed (decoding would then fail). */
    private static ModelPackInfo findPack(LciCodec codec, String digestPrefix) {
        try {
            return codec.registry().find(digestPrefix);
        }
        catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
