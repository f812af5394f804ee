/**
 * The default LCI model pack, as the class-path resource {@code org/lci/runtime/packs/default.lcipack}: with this
 * jar present, {@code org.lci.runtime.ModelPackRegistry#defaults()} finds it and every codec can decode files
 * written with it and encode without configuration. No code; the weights are licensed under MODEL_LICENSE.md
 * (in this jar's META-INF).
 */
package org.lci.model.defaultpack;
