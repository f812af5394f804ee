package org.lci.model.v1;

/** Where this jar keeps the v1 model pack, and the digest its files name. */
public final class V1ModelPack {
    /** The class-path resource, listed in this jar's {@code META-INF/lci/model-packs}. */
    public static final String RESOURCE = "org/lci/model/v1/lci-default-2026.11.2.lcipack";
    /** SHA-256 of the pack's manifest: the digest its files name. */
    public static final String DIGEST = "7e253874d6c05f091311be5aa5ff5c6aafdfe149f77da0e257bd2bee74d38e06";

    private V1ModelPack() { }
}
