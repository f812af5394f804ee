package org.lci.model.defaultpack;

/** Where this jar keeps the default model pack, and a check that it is on the class path. */
public final class DefaultModelPack {
    /** The class-path resource the runtime loads ({@code ModelPackRegistry.DEFAULT_PACK_RESOURCE}). */
    public static final String RESOURCE = "org/lci/runtime/packs/default.lcipack";

    private DefaultModelPack() { }

    /** True when the pack resource is visible to this class's loader. */
    public static boolean isPresent() {
        return DefaultModelPack.class.getClassLoader().getResource(RESOURCE) != null;
    }
}
