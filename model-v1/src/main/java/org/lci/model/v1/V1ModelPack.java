package org.lci.model.v1;

/**
 * Where this jar keeps the v1 model pack. The digest its files name is recorded once, in the runtime's
 * {@code ModelPackRegistry.retiredPackDigests()}.
 */
public final class V1ModelPack {
    /** The class-path resource, listed in this jar's {@code META-INF/lci/model-packs}. */
    public static final String RESOURCE = "org/lci/model/v1/lci-default-2026.11.2.lcipack";

    private V1ModelPack() { }
}
