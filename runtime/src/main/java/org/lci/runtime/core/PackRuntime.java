package org.lci.runtime.core;

import java.util.List;

import org.lci.format.CdfTable;
import org.lci.format.LciFormatException;
import org.lci.runtime.ModelPackException;
import org.lci.runtime.entropy.EntropyModel;
import org.lci.runtime.onnx.PackSessions;
import org.lci.runtime.onnx.SessionFactory;
import org.lci.runtime.pack.EntropyTables;
import org.lci.runtime.pack.ModelPack;

/** A model pack ready to code: its verified data, its deterministic entropy model and its ONNX sessions. */
public final class PackRuntime implements AutoCloseable {

    private final ModelPack pack;
    private final EntropyModel entropy;
    private final PackSessions sessions;

    /** @param layerThreads the codec's threads for one tile's integer entropy-parameter layers */
    public PackRuntime(ModelPack pack, SessionFactory factory, org.lci.runtime.entropy.LayerThreads layerThreads)
            throws ModelPackException {
        this.pack = pack;
        this.entropy = entropyModel(pack, layerThreads);
        this.sessions = new PackSessions(pack, factory);
    }

    /** The deterministic entropy path of a pack (its tables checked), without ONNX sessions. */
    public static EntropyModel entropyModel(ModelPack pack, org.lci.runtime.entropy.LayerThreads layerThreads)
            throws ModelPackException {
        CdfTable[] yTables = tables(pack.entropy().yTables(), "y_tables", pack);
        if (yTables.length != pack.scaleTable().size()) {
            throw new ModelPackException("model pack " + pack.info().source() + ": entropy.json expected "
                    + pack.scaleTable().size() + " y_tables (one per scale), found " + yTables.length);
        }
        return new EntropyModel(pack.groups(), pack.zMedians(), pack.parameterModel(),
                tables(pack.entropy().zTables(), "z_tables", pack), yTables, layerThreads);
    }

    private static CdfTable[] tables(List<EntropyTables.Table> tables, String what, ModelPack pack)
            throws ModelPackException {
        if (pack.entropy().precision() != CdfTable.PRECISION_BITS) {
            throw new ModelPackException("model pack " + pack.info().source() + ": entropy.json precision expected "
                    + CdfTable.PRECISION_BITS + ", found " + pack.entropy().precision());
        }
        CdfTable[] out = new CdfTable[tables.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = CdfTable.of(tables.get(i).cdf(), tables.get(i).offset());
            } catch (LciFormatException e) {
                throw new ModelPackException("model pack " + pack.info().source() + ": entropy.json " + what + "[" + i
                        + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    public ModelPack pack() {
        return pack;
    }

    public EntropyModel entropy() {
        return entropy;
    }

    public PackSessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.close();
    }
}
