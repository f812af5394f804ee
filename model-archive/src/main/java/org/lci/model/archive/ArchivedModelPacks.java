package org.lci.model.archive;

import java.util.Map;

/** The retired v2 packs this jar keeps: class-path resource (listed in its index) and the digest their files name. */
public final class ArchivedModelPacks {
    /** lci-v2 2026.12.1, the default from 2026-12-02 (fourth session) until the fifth session's export. */
    public static final String V2_2026_12_1 = "org/lci/model/archive/lci-v2-2026.12.1.lcipack";

    /** Resource -> SHA-256 of the pack's manifest. */
    public static final Map<String, String> DIGESTS = Map.of(
            V2_2026_12_1, "b3c28598101819eb150f9a757f8be005efddb0dedad58915b7df844fd4d6fdc8");

    private ArchivedModelPacks() { }
}
