/**
 * Retired default packs of model v2: each export of the v2 training run that became the default and was later
 * replaced by a better export moves here unchanged (same bytes, same digest), so that files written with it keep
 * decoding. The runtime finds them through {@code META-INF/lci/model-packs}. No code; the weights are licensed
 * under MODEL_LICENSE.md (in this jar's META-INF). v1 has its own artifact, {@code lci-model-v1}.
 */
package org.lci.model.archive;
