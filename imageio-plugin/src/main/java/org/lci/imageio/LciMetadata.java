package org.lci.imageio;

import com.twelvemonkeys.imageio.StandardImageMetadataSupport;

import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadataNode;
import org.w3c.dom.Node;

import java.util.Locale;

/**
 * Image metadata of an LCI image: the native tree {@value LciMetadataFormat#NATIVE_FORMAT_NAME} (header,
 * tiers, model, quality, ICC/EXIF/XMP) and the standard {@code javax_imageio_1.0} tree.
 * <p>
 * Metadata read from a file is read-only. The writer's default metadata is mutable: merge a native tree
 * with ICCProfile / EXIF / XMP nodes to carry them into the file.
 */
public final class LciMetadata extends StandardImageMetadataSupport {
    private final boolean readOnly;
    private final LciFileInfo info; // null for writer-side metadata
    private byte[] iccProfile;
    private byte[] exif;
    private byte[] xmp;

    private LciMetadata(ImageTypeSpecifier type, LciFileInfo info, boolean readOnly,
                        byte[] iccProfile, byte[] exif, byte[] xmp) {
        super(standardFields(type, info));
        this.nativeMetadataFormatName = LciMetadataFormat.NATIVE_FORMAT_NAME;
        this.nativeMetadataFormatClassName = LciMetadataFormat.class.getName();
        this.info = info;
        this.readOnly = readOnly;
        this.iccProfile = iccProfile;
        this.exif = exif;
        this.xmp = xmp;
    }

    private static Builder standardFields(ImageTypeSpecifier type, LciFileInfo info) {
        Builder builder = builder(type).withCompressionTypeName("LCI").withCompressionLossless(false);
        return info == null ? builder : builder.withFormatVersion(Integer.toString(info.formatVersion()));
    }

    /** Read-only metadata describing a file. */
    static LciMetadata of(ImageTypeSpecifier type, LciFileInfo info, byte[] iccProfile, byte[] exif, byte[] xmp) {
        return new LciMetadata(type, info, true, iccProfile, exif, xmp);
    }

    /** Empty, mutable metadata for the writer. */
    static LciMetadata forWriting(ImageTypeSpecifier type) {
        return new LciMetadata(type, null, false, null, null, null);
    }

    /** @return the file's header, or {@code null} for metadata made for writing. */
    public LciFileInfo fileInfo() {
        return info;
    }

    public byte[] iccProfile() {
        return iccProfile == null ? null : iccProfile.clone();
    }

    public byte[] exif() {
        return exif == null ? null : exif.clone();
    }

    public byte[] xmp() {
        return xmp == null ? null : xmp.clone();
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    protected Node getNativeTree() {
        IIOMetadataNode root = new IIOMetadataNode(LciMetadataFormat.NATIVE_FORMAT_NAME);
        if (info != null) {
            IIOMetadataNode header = new IIOMetadataNode("Header");
            header.setAttribute("width", Integer.toString(info.width()));
            header.setAttribute("height", Integer.toString(info.height()));
            header.setAttribute("formatVersion", Integer.toString(info.formatVersion()));
            header.setAttribute("tileSize", Integer.toString(info.tileSize()));
            header.setAttribute("overlap", Integer.toString(info.overlap()));
            header.setAttribute("quality", String.format(Locale.ROOT, "%.4f", info.quality()));
            root.appendChild(header);

            IIOMetadataNode model = new IIOMetadataNode("Model");
            setIfPresent(model, "name", info.modelName());
            setIfPresent(model, "version", info.modelVersion());
            setIfPresent(model, "digest", info.modelDigest());
            root.appendChild(model);

            IIOMetadataNode tiers = new IIOMetadataNode("Tiers");
            for (LciFileInfo.Tier t : info.tiers()) {
                IIOMetadataNode tier = new IIOMetadataNode("Tier");
                tier.setAttribute("tier", Integer.toString(t.tier()));
                tier.setAttribute("width", Integer.toString(t.width()));
                tier.setAttribute("height", Integer.toString(t.height()));
                if (t.bytes() >= 0) {
                    tier.setAttribute("bytes", Long.toString(t.bytes()));
                }
                if (t.prefixBytes() >= 0) {
                    tier.setAttribute("prefixBytes", Long.toString(t.prefixBytes()));
                }
                tiers.appendChild(tier);
            }
            root.appendChild(tiers);
        }
        appendBlob(root, "ICCProfile", iccProfile);
        appendBlob(root, "EXIF", exif);
        appendBlob(root, "XMP", xmp);
        return root;
    }

    @Override
    public void mergeTree(String formatName, Node root) throws IIOInvalidTreeException {
        super.mergeTree(formatName, root); // checks mutability, format name and root element
        if (!LciMetadataFormat.NATIVE_FORMAT_NAME.equals(formatName)) {
            return; // nothing in the standard tree maps onto what LCI stores
        }
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeName()) {
                case "ICCProfile" -> iccProfile = blob(child);
                case "EXIF" -> exif = blob(child);
                case "XMP" -> xmp = blob(child);
                default -> { } // Header, Model, Tiers describe a file and are set by the writer itself
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        iccProfile = null;
        exif = null;
        xmp = null;
    }

    /** Sets side data directly (used by the writer when the source image has an ICC colour space). */
    void setIccProfileIfAbsent(byte[] profile) {
        if (iccProfile == null) {
            iccProfile = profile;
        }
    }

    private static void setIfPresent(IIOMetadataNode node, String name, String value) {
        if (value != null) {
            node.setAttribute(name, value);
        }
    }

    private static void appendBlob(IIOMetadataNode root, String name, byte[] bytes) {
        if (bytes != null) {
            IIOMetadataNode node = new IIOMetadataNode(name);
            node.setUserObject(bytes.clone());
            root.appendChild(node);
        }
    }

    private static byte[] blob(Node node) throws IIOInvalidTreeException {
        Object value = node instanceof IIOMetadataNode n ? n.getUserObject() : null;
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw new IIOInvalidTreeException(node.getNodeName() + " needs a byte[] user object", node);
    }
}
