/**
 * The first LCI model pack, {@code lci-default 2026.11.2} (format 1, mean-scale hyperprior, M = 96), the default
 * until 2026-12. Files written with it name it by digest; with this jar on the class path they keep decoding.
 * The runtime finds the pack through {@code META-INF/lci/model-packs}. No code; the weights are licensed under
 * MODEL_LICENSE.md (in this jar's META-INF).
 */
package org.lci.model.v1;
