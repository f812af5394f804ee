package org.lci.runtime.pack;

import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import org.lci.runtime.ModelPackException;

/**
 * entropy.json of a model pack: integer CDF tables, one per hyper-latent channel ({@code z_tables}) and one
 * per scale-table entry ({@code y_tables}). Each {@code cdf} has n+2 entries for n in-range symbols plus the
 * escape, starting at 0 and ending at 2^precision; symbol v has index v − offset.
 */
public final class EntropyTables {

    private final int precision;
    private final List<Table> zTables;
    private final List<Table> yTables;

    /** One table: symbol value v ↦ index v − offset into {@code cdf}. */
    public record Table(int offset, int[] cdf) { }

    private EntropyTables(int precision, List<Table> zTables, List<Table> yTables) {
        this.precision = precision;
        this.zTables = List.copyOf(zTables);
        this.yTables = List.copyOf(yTables);
    }

    public int precision() {
        return precision;
    }

    public List<Table> zTables() {
        return zTables;
    }

    public List<Table> yTables() {
        return yTables;
    }

    static EntropyTables parse(byte[] json, int nz, int scales, String source) throws ModelPackException {
        Json j;
        try {
            j = new Gson().fromJson(new String(json, java.nio.charset.StandardCharsets.UTF_8), Json.class);
        } catch (JsonParseException e) {
            throw new ModelPackException("model pack " + source + ": entropy.json is not valid JSON: " + e.getMessage(), e);
        }
        if (j == null || j.precision < 1 || j.precision > 16 || j.zTables == null || j.yTables == null) {
            throw new ModelPackException("model pack " + source
                    + ": entropy.json expected precision 1..16, z_tables and y_tables");
        }
        if (j.zTables.size() != nz || j.yTables.size() != scales) {
            throw new ModelPackException("model pack " + source + ": entropy.json expected " + nz + " z_tables and "
                    + scales + " y_tables, found " + j.zTables.size() + " and " + j.yTables.size());
        }
        check(j.zTables, j.precision, "z_tables", source);
        check(j.yTables, j.precision, "y_tables", source);
        return new EntropyTables(j.precision, j.zTables, j.yTables);
    }

    private static void check(List<Table> tables, int precision, String what, String source) throws ModelPackException {
        for (int i = 0; i < tables.size(); i++) {
            int[] cdf = tables.get(i) == null ? null : tables.get(i).cdf();
            boolean ok = cdf != null && cdf.length >= 3 && cdf[0] == 0 && cdf[cdf.length - 1] == 1 << precision;
            for (int k = 1; ok && k < cdf.length; k++) {
                ok = cdf[k] > cdf[k - 1];
            }
            if (!ok) {
                throw new ModelPackException("model pack " + source + ": entropy.json " + what + "[" + i
                        + "] expected a strictly increasing cdf from 0 to " + (1 << precision) + " with >= 3 entries");
            }
        }
    }

    private static final class Json {
        int precision;
        @SerializedName("z_tables") List<Table> zTables;
        @SerializedName("y_tables") List<Table> yTables;
    }
}
