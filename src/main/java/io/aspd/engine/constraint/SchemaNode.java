package io.aspd.engine.constraint;

/**
 * One compiled schema in a {@link JsonGrammar}: a value kind with its limits. Nodes refer to each other by index, so
 * a recursive schema ({@code $ref} back to an enclosing {@code $defs} entry) is a cycle of indices, never an
 * expansion.
 */
final class SchemaNode {
    enum Kind { ANY_OF, OBJECT, ARRAY, STRING, NUMBER, INTEGER, LITERAL, NEVER }

    static final int UNBOUNDED = Integer.MAX_VALUE;

    final Kind kind;
    /** ANY_OF: the alternatives. */
    int[] alternatives = new int[0];
    /** OBJECT: declared property names, their canonical JSON spelling (quotes included) and schemas. */
    String[] names = new String[0];
    byte[][] keyTexts = new byte[0][];
    int[] propertySchemas = new int[0];
    /** OBJECT: bit i set when property i is required. */
    long required;
    /** OBJECT: the schema of other keys, or -1 when other keys are forbidden. */
    int additional = -1;
    /** OBJECT: trie of the key texts of declared properties that can be written (finite schema), tagged by index. */
    ByteTrie keyTrie;
    /** ARRAY. */
    int items = -1;
    int minItems;
    int maxItems = UNBOUNDED;
    /** STRING, in code points. */
    int minLength;
    int maxLength = UNBOUNDED;
    /** LITERAL (enum/const): the canonical compact JSON texts of the allowed values. */
    byte[][] literals = new byte[0][];
    ByteTrie literalTrie;
    int[] literalMinRemaining;

    SchemaNode(Kind kind) {
        this.kind = kind;
    }
}
