package org.lci.model.defaultpack;

/** Where this jar keeps the default model pack. */
public final class DefaultModelPack {
    /** The class-path resource the runtime loads ({@code ModelPackRegistry.DEFAULT_PACK_RESOURCE}). */
    public static final String RESOURCE = "org/lci/runtime/packs/default.lcipack";

    private DefaultModelPack() { }
}
