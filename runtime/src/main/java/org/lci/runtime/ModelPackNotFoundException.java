package org.lci.runtime;

/** A file names (by digest prefix) or an option asks for a model pack that is not installed. */
public class ModelPackNotFoundException extends ModelPackException {
    private final String wanted;

    public ModelPackNotFoundException(String wanted, String message) {
        super(message);
        this.wanted = wanted;
    }

    /** The digest prefix (hex) or pack name that was asked for. */
    public String wanted() {
        return wanted;
    }
}
