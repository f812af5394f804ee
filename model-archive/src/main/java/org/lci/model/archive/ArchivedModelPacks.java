package org.lci.model.archive;

/**
 * The retired v2 packs this jar keeps, as class-path resources listed in its {@code META-INF/lci/model-packs}.
 * The digests their files name are recorded once, in the runtime's {@code ModelPackRegistry.retiredPackDigests()}.
 */
public final class ArchivedModelPacks {
    /** lci-v2 2026.12.1, the default from 2026-12-02 (fourth session) until the fifth session's export. */
    public static final String V2_2026_12_1 = "org/lci/model/archive/lci-v2-2026.12.1.lcipack";
    /** lci-v2 2026.12.2, the default from the fifth session until the sixth session's export. */
    public static final String V2_2026_12_2 = "org/lci/model/archive/lci-v2-2026.12.2.lcipack";
    /** lci-v2 2026.12.3, the default from the sixth session until the seventh session's export. */
    public static final String V2_2026_12_3 = "org/lci/model/archive/lci-v2-2026.12.3.lcipack";

    private ArchivedModelPacks() { }
}
