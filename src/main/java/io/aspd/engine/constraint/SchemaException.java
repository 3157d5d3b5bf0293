package io.aspd.engine.constraint;

/** A schema the constraint engine cannot turn into an automaton: malformed, or admitting no finite document. */
public class SchemaException extends IllegalArgumentException {
    public SchemaException(String message) {
        super(message);
    }
}
