package io.aspd.markup;

/** Markup that does not follow the ASPD response grammar; the message says what and where (character offset). */
public class AspdFormatException extends IllegalArgumentException {
    private final int offset;

    public AspdFormatException(String message, int offset) {
        super(message + " (at character " + offset + ")");
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
