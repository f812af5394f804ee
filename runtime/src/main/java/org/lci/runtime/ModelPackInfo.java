package org.lci.runtime;

/**
 * An installed model pack, as its manifest names it.
 *
 * @param name     pack name, e.g. {@code lci-default}
 * @param version  pack version
 * @param digest   SHA-256 (lower-case hex) of the pack's manifest.json bytes
 * @param source   where it was loaded from (classpath resource or file path), for messages
 * @param tiers    tiers the pack can decode
 */
public record ModelPackInfo(String name, String version, String digest, String source, int tiers) { }
