package io.aspd.engine.constraint;

/** A strict schema uses a keyword the automaton cannot enforce; {@link #keyword()} names it for a 400 response. */
public final class UnsupportedSchemaKeywordException extends SchemaException {
    private final String keyword;
    private final String pointer;

    /** @param schemaLabel what the schema is (a tool's name), or "" */
    public UnsupportedSchemaKeywordException(String keyword, String pointer, String schemaLabel) {
        super("JSON Schema keyword '" + keyword + "' at '" + schemaLabel + "#" + pointer
                + "' cannot be enforced by constrained decoding");
        this.keyword = keyword;
        this.pointer = pointer;
    }

    public String keyword() {
        return keyword;
    }

    /** JSON pointer of the schema object that uses the keyword ("" for the root). */
    public String pointer() {
        return pointer;
    }
}
