package io.aspd.engine.constraint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The frames of the JSON pushdown automaton. A frame is an immutable record; a {@link Stack} of frames is one
 * parse in progress. A container pushes the frame of its next value with itself already in the "after a value"
 * phase, so a finished value simply pops. Whitespace runs between tokens are bounded by the grammar's
 * {@code maxWhitespace}, so a model cannot write spaces forever.
 */
final class JsonFrames {
    private JsonFrames() {
    }

    /** One parse: frames from the innermost ({@link #head}) outwards. */
    static final class Stack {
        final Frame head;
        final Stack below;
        private final int hash;

        Stack(Frame head, Stack below) {
            this.head = head;
            this.below = below;
            this.hash = head.hashCode() * 31 + (below == null ? 0 : below.hash);
        }

        Stack push(Frame frame) {
            return new Stack(frame, this);
        }

        Stack replace(Frame frame) {
            return new Stack(frame, below);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            Stack a = this;
            Object b = other;
            while (a != null && b instanceof Stack s) {
                if (a == s) {
                    return true;
                }
                if (a.hash != s.hash || !a.head.equals(s.head)) {
                    return false;
                }
                a = a.below;
                b = s.below;
            }
            return a == null && b == null;
        }

        void step(int b, JsonGrammar g, List<Stack> out) {
            head.step(this, b, g, out);
        }

        boolean canEnd(JsonGrammar g) {
            Stack s = this;
            while (s.head.completeByDelimiter(g)) {
                s = s.below;
            }
            return s.head instanceof Root;
        }

        int minBytesToEnd(JsonGrammar g) {
            int total = 0;
            for (Stack s = this; s != null; s = s.below) {
                total += s.head.minBytes(s, g);
            }
            return total;
        }
    }

    sealed interface Frame permits Root, Value, Obj, DeclaredKey, FreeKey, Arr, Str, Num, Lit {
        /** Consumes byte {@code b} with this frame on top of {@code self}; adds every resulting parse to {@code out}. */
        void step(Stack self, int b, JsonGrammar g, List<Stack> out);

        /** Bytes this frame still needs (a key frame also counts its object's rest, see {@link Obj#minBytes}). */
        int minBytes(Stack self, JsonGrammar g);

        /** A number or literal that is complete but would also accept more bytes: it ends at the next delimiter. */
        default boolean completeByDelimiter(JsonGrammar g) {
            return false;
        }
    }

    /** Below the document: after the value, only (bounded) whitespace. */
    record Root(int whitespace) implements Frame {
        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            if (JsonGrammar.isWhitespace(b) && whitespace < g.maxWhitespace) {
                out.add(self.replace(new Root(whitespace + 1)));
            }
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            return 0;
        }
    }

    /** A value of schema {@code node} is due; leading whitespace allowed. */
    record Value(int node, int whitespace) implements Frame {
        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            if (JsonGrammar.isWhitespace(b)) {
                if (whitespace < g.maxWhitespace) {
                    out.add(self.replace(new Value(node, whitespace + 1)));
                }
                return;
            }
            for (int leaf : g.leaves(node)) {
                startValue(leaf, self.below, b, g, out);
            }
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            return g.minBytes(node);
        }
    }

    private static void startValue(int leaf, Stack below, int b, JsonGrammar g, List<Stack> out) {
        SchemaNode node = g.node(leaf);
        switch (node.kind) {
            case OBJECT -> {
                if (b == '{') {
                    out.add(below.push(new Obj(leaf, Obj.OPEN, 0L, -1, 0)));
                }
            }
            case ARRAY -> {
                if (b == '[') {
                    out.add(below.push(new Arr(leaf, Arr.OPEN, 0, 0)));
                }
            }
            case STRING -> {
                if (b == '"') {
                    out.add(below.push(new Str(leaf, 0, StringLexer.NORMAL)));
                }
            }
            case NUMBER, INTEGER -> {
                boolean integer = node.kind == SchemaNode.Kind.INTEGER;
                if (b == '-') {
                    out.add(below.push(new Num(integer, Num.SIGN, 0)));
                } else if (b == '0') {
                    out.add(below.push(new Num(integer, Num.ZERO, 1)));
                } else if (b >= '1' && b <= '9') {
                    out.add(below.push(new Num(integer, Num.INT, 1)));
                }
            }
            case LITERAL -> {
                int child = node.literalTrie.child(0, b);
                if (child >= 0) {
                    out.add(below.push(new Lit(leaf, child)));
                }
            }
            default -> throw new IllegalStateException("not a leaf: " + node.kind);
        }
    }

    /**
     * An object. {@code used} has bit i set once declared property i was written; {@code property} is the declared
     * property whose key was just read (-1 for a free key, whose value takes the {@code additionalProperties} schema).
     */
    record Obj(int node, int phase, long used, int property, int whitespace) implements Frame {
        static final int OPEN = 0;
        static final int KEY = 1;
        static final int AFTER_KEY = 2;
        static final int AFTER_VALUE = 3;
        static final int AFTER_COMMA = 4;

        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            SchemaNode object = g.node(node);
            if (JsonGrammar.isWhitespace(b)) {
                if (whitespace < g.maxWhitespace) {
                    out.add(self.replace(new Obj(node, phase, used, property, whitespace + 1)));
                }
                return;
            }
            switch (phase) {
                case OPEN -> {
                    if (b == '}' && g.requiredMet(object, used)) {
                        out.add(self.below);
                    } else if (b == '"') {
                        startKey(self, object, g, out);
                    }
                }
                case AFTER_KEY -> {
                    if (b == ':') {
                        long nowUsed = property < 0 ? used : used | 1L << property;
                        int schema = property < 0 ? object.additional : object.propertySchemas[property];
                        out.add(self.replace(new Obj(node, AFTER_VALUE, nowUsed, -1, 0)).push(new Value(schema, 0)));
                    }
                }
                case AFTER_VALUE -> {
                    if (b == ',' && g.canAddKey(object, used)) {
                        out.add(self.replace(new Obj(node, AFTER_COMMA, used, -1, 0)));
                    } else if (b == '}' && g.requiredMet(object, used)) {
                        out.add(self.below);
                    }
                }
                case AFTER_COMMA -> {
                    if (b == '"') {
                        startKey(self, object, g, out);
                    }
                }
                default -> throw new IllegalStateException("a key frame sits above an object in phase KEY");
            }
        }

        /**
         * A key opens: a declared one is read through the key trie in its canonical spelling, a free one (when
         * {@code additionalProperties} allows) as any string that is not a declared name. Both run side by side.
         */
        private void startKey(Stack self, SchemaNode object, JsonGrammar g, List<Stack> out) {
            Stack keyed = self.replace(new Obj(node, KEY, used, -1, 0));
            int child = object.keyTrie.child(0, '"');
            if (child >= 0 && DeclaredKey.hasUnused(object, child, used)) {
                out.add(keyed.push(new DeclaredKey(child)));
            }
            if (object.additional >= 0 && g.minBytes(object.additional) < JsonGrammar.INFINITE) {
                out.add(keyed.push(new FreeKey(StringLexer.NORMAL, "")));
            }
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            SchemaNode object = g.node(node);
            return switch (phase) {
                case OPEN -> g.closeCost(object, used, true);
                case KEY -> 0; // the key frame above counts the rest of this object
                case AFTER_KEY -> 1 + g.minBytes(property < 0 ? object.additional : object.propertySchemas[property])
                        + g.closeCost(object, property < 0 ? used : used | 1L << property, false);
                case AFTER_VALUE -> g.closeCost(object, used, false);
                case AFTER_COMMA -> g.afterCommaCost(object, used);
                default -> throw new IllegalStateException("phase " + phase);
            };
        }
    }

    /** A declared key in progress: a node of the object's key trie (the texts include both quotes). */
    record DeclaredKey(int trieNode) implements Frame {
        static boolean hasUnused(SchemaNode object, int trieNode, long used) {
            ByteTrie trie = object.keyTrie;
            for (int k = trie.subtreeStart[trieNode]; k < trie.subtreeEnd[trieNode]; k++) {
                if ((used & 1L << trie.tagOrder[k]) == 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            Obj parent = (Obj) self.below.head;
            SchemaNode object = g.node(parent.node());
            int child = object.keyTrie.child(trieNode, b);
            if (child < 0 || !hasUnused(object, child, parent.used())) {
                return;
            }
            if (object.keyTrie.endsHere(child)) {
                int property = object.keyTrie.tagEndingAt(child);
                out.add(self.below.replace(new Obj(parent.node(), Obj.AFTER_KEY, parent.used(), property, 0)));
            } else {
                out.add(self.replace(new DeclaredKey(child)));
            }
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            Obj parent = (Obj) self.below.head;
            SchemaNode object = g.node(parent.node());
            ByteTrie trie = object.keyTrie;
            int best = JsonGrammar.INFINITE;
            for (int k = trie.subtreeStart[trieNode]; k < trie.subtreeEnd[trieNode]; k++) {
                int p = trie.tagOrder[k];
                if ((parent.used() & 1L << p) == 0) {
                    int rest = object.keyTexts[p].length - trie.depth[trieNode] + 1
                            + g.minBytes(object.propertySchemas[p]) + g.closeCost(object, parent.used() | 1L << p, false);
                    best = Math.min(best, rest);
                }
            }
            return best;
        }
    }

    /**
     * A free key in progress ({@code raw}: its bytes so far, one char per byte). A key that decodes to a declared
     * name is refused: declared names are written in their canonical spelling through {@link DeclaredKey}.
     */
    record FreeKey(int lexer, String raw) implements Frame {
        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            int next = StringLexer.step(lexer, b);
            if (next == StringLexer.REJECT) {
                return;
            }
            Obj parent = (Obj) self.below.head;
            if (next == StringLexer.CLOSE) {
                if (!g.isDeclared(g.node(parent.node()), decode(raw))) {
                    out.add(self.below.replace(new Obj(parent.node(), Obj.AFTER_KEY, parent.used(), -1, 0)));
                }
                return;
            }
            out.add(self.replace(new FreeKey(next & ~StringLexer.NEW_CHAR, raw + (char) b)));
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            Obj parent = (Obj) self.below.head;
            SchemaNode object = g.node(parent.node());
            int pending = StringLexer.pendingBytes(lexer);
            // one more character may be needed so the key is not a declared name: reserved while a character is open
            int avoidDeclared = pending > 0 || g.isDeclared(object, decode(raw)) ? 1 : 0;
            return pending + avoidDeclared + 2 + g.minBytes(object.additional) + g.closeCost(object, parent.used(), false);
        }

        /** The key's text; {@code raw} holds lexer-checked bytes, so escapes and UTF-8 are well formed. */
        static String decode(String raw) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StringBuilder text = new StringBuilder();
            int i = 0;
            while (i < raw.length()) {
                char c = raw.charAt(i);
                if (c != '\\') {
                    bytes.write(c);
                    i++;
                    continue;
                }
                text.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
                char kind = raw.charAt(i + 1);
                if (kind == 'u') {
                    text.append((char) Integer.parseInt(raw.substring(i + 2, i + 6), 16));
                    i += 6;
                } else {
                    text.append(switch (kind) {
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> kind;
                    });
                    i += 2;
                }
            }
            return text.append(bytes.toString(StandardCharsets.UTF_8)).toString();
        }
    }

    /** An array; {@code count} saturates at {@code minItems} when there is no {@code maxItems}. */
    record Arr(int node, int phase, int count, int whitespace) implements Frame {
        static final int OPEN = 0;
        static final int AFTER_VALUE = 1;

        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            SchemaNode array = g.node(node);
            if (JsonGrammar.isWhitespace(b)) {
                if (whitespace < g.maxWhitespace) {
                    out.add(self.replace(new Arr(node, phase, count, whitespace + 1)));
                }
                return;
            }
            if (b == ']') {
                if (count >= array.minItems) {
                    out.add(self.below);
                }
                return;
            }
            if (phase == OPEN) {
                if (array.maxItems > 0) {
                    Stack withItem = self.replace(new Arr(node, AFTER_VALUE, counted(array, 1), 0))
                            .push(new Value(array.items, 0));
                    withItem.step(b, g, out);
                }
            } else if (b == ',' && count < array.maxItems) {
                out.add(self.replace(new Arr(node, AFTER_VALUE, counted(array, count + 1), 0))
                        .push(new Value(array.items, 0)));
            }
        }

        private static int counted(SchemaNode array, int count) {
            return array.maxItems == SchemaNode.UNBOUNDED ? Math.min(count, array.minItems) : count;
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            SchemaNode array = g.node(node);
            int missing = Math.max(0, array.minItems - count);
            int item = g.minBytes(array.items);
            if (phase == OPEN) {
                return missing == 0 ? 1 : missing * (item + 1);
            }
            return missing * (item + 1) + 1;
        }
    }

    /** A string value; {@code count} (code points) saturates at {@code minLength} when there is no maxLength. */
    record Str(int node, int count, int lexer) implements Frame {
        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            SchemaNode string = g.node(node);
            int next = StringLexer.step(lexer, b);
            if (next == StringLexer.REJECT) {
                return;
            }
            if (next == StringLexer.CLOSE) {
                if (count >= string.minLength) {
                    out.add(self.below);
                }
                return;
            }
            int newCount = count;
            if ((next & StringLexer.NEW_CHAR) != 0) {
                if (count >= string.maxLength) {
                    return;
                }
                newCount = string.maxLength == SchemaNode.UNBOUNDED ? Math.min(count + 1, string.minLength) : count + 1;
            }
            out.add(self.replace(new Str(node, newCount, next & ~StringLexer.NEW_CHAR)));
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            return StringLexer.pendingBytes(lexer) + Math.max(0, g.node(node).minLength - count) + 1;
        }

        boolean absorbsCleanText(JsonGrammar g) {
            SchemaNode string = g.node(node);
            return lexer == StringLexer.NORMAL && string.maxLength == SchemaNode.UNBOUNDED && count >= string.minLength;
        }
    }

    /**
     * A number: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, fraction and exponent only when not an
     * integer, digit runs bounded ({@value #MAX_INT_DIGITS} integer, {@value #MAX_FRACTION_DIGITS} fraction,
     * {@value #MAX_EXPONENT_DIGITS} exponent digits) so a number always ends.
     */
    record Num(boolean integer, int phase, int digits) implements Frame {
        static final int SIGN = 0;
        static final int ZERO = 1;
        static final int INT = 2;
        static final int DOT = 3;
        static final int FRACTION = 4;
        static final int EXP = 5;
        static final int EXP_SIGN = 6;
        static final int EXP_DIGITS = 7;
        static final int MAX_INT_DIGITS = 20;
        static final int MAX_FRACTION_DIGITS = 20;
        static final int MAX_EXPONENT_DIGITS = 2;

        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            boolean digit = b >= '0' && b <= '9';
            switch (phase) {
                case SIGN -> {
                    if (b == '0') {
                        out.add(self.replace(new Num(integer, ZERO, 1)));
                    } else if (digit) {
                        out.add(self.replace(new Num(integer, INT, 1)));
                    }
                }
                case ZERO, INT -> {
                    if (digit && phase == INT && digits < MAX_INT_DIGITS) {
                        out.add(self.replace(new Num(integer, INT, digits + 1)));
                    } else if (b == '.' && !integer) {
                        out.add(self.replace(new Num(false, DOT, 0)));
                    } else if ((b == 'e' || b == 'E') && !integer) {
                        out.add(self.replace(new Num(false, EXP, 0)));
                    } else if (!digit) {
                        self.below.step(b, g, out);
                    }
                }
                case DOT -> {
                    if (digit) {
                        out.add(self.replace(new Num(false, FRACTION, 1)));
                    }
                }
                case FRACTION -> {
                    if (digit && digits < MAX_FRACTION_DIGITS) {
                        out.add(self.replace(new Num(false, FRACTION, digits + 1)));
                    } else if (b == 'e' || b == 'E') {
                        out.add(self.replace(new Num(false, EXP, 0)));
                    } else if (!digit) {
                        self.below.step(b, g, out);
                    }
                }
                case EXP -> {
                    if (b == '+' || b == '-') {
                        out.add(self.replace(new Num(false, EXP_SIGN, 0)));
                    } else if (digit) {
                        out.add(self.replace(new Num(false, EXP_DIGITS, 1)));
                    }
                }
                case EXP_SIGN -> {
                    if (digit) {
                        out.add(self.replace(new Num(false, EXP_DIGITS, 1)));
                    }
                }
                case EXP_DIGITS -> {
                    if (digit && digits < MAX_EXPONENT_DIGITS) {
                        out.add(self.replace(new Num(false, EXP_DIGITS, digits + 1)));
                    } else if (!digit) {
                        self.below.step(b, g, out);
                    }
                }
                default -> throw new IllegalStateException("phase " + phase);
            }
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            return completeByDelimiter(g) ? 0 : 1;
        }

        @Override
        public boolean completeByDelimiter(JsonGrammar g) {
            return phase == ZERO || phase == INT || phase == FRACTION || phase == EXP_DIGITS;
        }
    }

    /** An {@code enum}/{@code const} value in progress: a node of the literal trie of canonical texts. */
    record Lit(int node, int trieNode) implements Frame {
        @Override
        public void step(Stack self, int b, JsonGrammar g, List<Stack> out) {
            ByteTrie trie = g.node(node).literalTrie;
            int child = trie.child(trieNode, b);
            if (child >= 0) {
                out.add(self.replace(new Lit(node, child)));
            }
            if (trie.endsHere(trieNode)) {
                self.below.step(b, g, out);
            }
        }

        @Override
        public int minBytes(Stack self, JsonGrammar g) {
            return g.node(node).literalMinRemaining[trieNode];
        }

        @Override
        public boolean completeByDelimiter(JsonGrammar g) {
            return g.node(node).literalTrie.endsHere(trieNode);
        }
    }
}
