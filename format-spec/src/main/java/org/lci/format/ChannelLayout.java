package org.lci.format;

/** Channel layout of the decoded image (header flags bits 0-1). Samples are always 8-bit. */
public enum ChannelLayout {
    /** Three channels, red green blue. */
    RGB(0, 3),
    /** One luminance channel; the model codes it as R = G = B. */
    GRAY(1, 1),
    /** RGB plus an alpha plane coded losslessly in the ALPH chunk. */
    RGBA(2, 4);

    private final int code;
    private final int channels;

    ChannelLayout(int code, int channels) {
        this.code = code;
        this.channels = channels;
    }

    /** The 2-bit value stored in the header flags. */
    public int code() {
        return code;
    }

    /** Samples per pixel of the decoded image. */
    public int channels() {
        return channels;
    }

    /** True for {@link #RGBA}: the file carries an ALPH chunk. */
    public boolean hasAlpha() {
        return this == RGBA;
    }

    /** The layout for a header code, or null for the reserved value 3. */
    static ChannelLayout fromCode(int code) {
        for (ChannelLayout l : values()) {
            if (l.code == code) {
                return l;
            }
        }
        return null;
    }
}
