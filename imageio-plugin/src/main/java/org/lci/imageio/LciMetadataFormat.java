package org.lci.imageio;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadataFormat;
import javax.imageio.metadata.IIOMetadataFormatImpl;

/**
 * Describes the native image metadata tree {@value #NATIVE_FORMAT_NAME}:
 * <pre>
 * org_lci_imageio_1.0
 *   Header   width height formatVersion tileSize overlap quality
 *   Model    name version digest
 *   Tiers
 *     Tier*  tier width height bytes prefixBytes
 *   ICCProfile   (optional; user object: the profile's bytes)
 *   EXIF         (optional; user object: the TIFF-structured EXIF bytes, no "Exif\0\0" prefix)
 *   XMP          (optional; user object: the XMP packet's UTF-8 bytes)
 * </pre>
 * Header, Model and Tiers describe a file that was read and are ignored on write; ICCProfile, EXIF and
 * XMP are carried through on write.
 */
public final class LciMetadataFormat extends IIOMetadataFormatImpl {
    public static final String NATIVE_FORMAT_NAME = "org_lci_imageio_1.0";

    private static final LciMetadataFormat INSTANCE = new LciMetadataFormat();

    private LciMetadataFormat() {
        super(NATIVE_FORMAT_NAME, CHILD_POLICY_SOME);

        addElement("Header", NATIVE_FORMAT_NAME, CHILD_POLICY_EMPTY);
        addAttribute("Header", "width", DATATYPE_INTEGER, true, null, "1", null, true, false);
        addAttribute("Header", "height", DATATYPE_INTEGER, true, null, "1", null, true, false);
        addAttribute("Header", "formatVersion", DATATYPE_INTEGER, false, null);
        addAttribute("Header", "tileSize", DATATYPE_INTEGER, false, null);
        addAttribute("Header", "overlap", DATATYPE_INTEGER, false, null);
        addAttribute("Header", "quality", DATATYPE_FLOAT, false, null, "0", "1", true, true);

        addElement("Model", NATIVE_FORMAT_NAME, CHILD_POLICY_EMPTY);
        addAttribute("Model", "name", DATATYPE_STRING, false, null);
        addAttribute("Model", "version", DATATYPE_STRING, false, null);
        addAttribute("Model", "digest", DATATYPE_STRING, false, null);

        addElement("Tiers", NATIVE_FORMAT_NAME, 1, Integer.MAX_VALUE);
        addElement("Tier", "Tiers", CHILD_POLICY_EMPTY);
        addAttribute("Tier", "tier", DATATYPE_INTEGER, true, null, "0", null, true, false);
        addAttribute("Tier", "width", DATATYPE_INTEGER, true, null);
        addAttribute("Tier", "height", DATATYPE_INTEGER, true, null);
        addAttribute("Tier", "bytes", DATATYPE_INTEGER, false, null);
        addAttribute("Tier", "prefixBytes", DATATYPE_INTEGER, false, null);

        addElement("ICCProfile", NATIVE_FORMAT_NAME, CHILD_POLICY_EMPTY);
        addObjectValue("ICCProfile", byte[].class, 1, Integer.MAX_VALUE);
        addElement("EXIF", NATIVE_FORMAT_NAME, CHILD_POLICY_EMPTY);
        addObjectValue("EXIF", byte[].class, 1, Integer.MAX_VALUE);
        addElement("XMP", NATIVE_FORMAT_NAME, CHILD_POLICY_EMPTY);
        addObjectValue("XMP", byte[].class, 1, Integer.MAX_VALUE);
    }

    @Override
    public boolean canNodeAppear(String elementName, ImageTypeSpecifier imageType) {
        return true;
    }

    /** Used by {@link javax.imageio.metadata.IIOMetadata#getMetadataFormat(String)} through reflection. */
    public static IIOMetadataFormat getInstance() {
        return INSTANCE;
    }
}
