package io.aspd.engine.constraint;

import io.aspd.engine.constraint.JsonFrames.Root;
import io.aspd.engine.constraint.JsonFrames.Stack;
import io.aspd.engine.constraint.JsonFrames.Str;
import io.aspd.engine.constraint.JsonFrames.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A state of the JSON automaton of one {@link JsonGrammar}: the set of parses still alive (more than one only where
 * {@code anyOf} alternatives, or a declared and a free key, read the same bytes so far). Immutable.
 */
public final class JsonState implements AutomatonState {
    private final JsonGrammar grammar;
    private final Stack[] parses;
    private final int hash;

    private JsonState(JsonGrammar grammar, Stack[] parses) {
        this.grammar = grammar;
        this.parses = parses;
        this.hash = Arrays.hashCode(parses);
    }

    static JsonState start(JsonGrammar grammar) {
        return startAt(grammar, grammar.root);
    }

    /** The state before a document of schema node {@code node} of {@code grammar}. */
    static JsonState startAt(JsonGrammar grammar, int node) {
        Stack root = new Stack(new Root(0), null).push(new Value(node, 0));
        return new JsonState(grammar, new Stack[] {root});
    }

    @Override
    public JsonState step(int b) {
        List<Stack> out = new ArrayList<>(2);
        for (Stack parse : parses) {
            parse.step(b, grammar, out);
        }
        if (out.isEmpty()) {
            return null;
        }
        if (out.size() > 1) {
            out = new ArrayList<>(new LinkedHashSet<>(out));
        }
        return new JsonState(grammar, out.toArray(new Stack[0]));
    }

    /** The state after all of {@code bytes}, or null when they are not a prefix of an allowed document. */
    public JsonState steps(byte[] bytes) {
        JsonState state = this;
        for (int i = 0; i < bytes.length && state != null; i++) {
            state = state.step(bytes[i] & 0xFF);
        }
        return state;
    }

    @Override
    public boolean canEnd() {
        for (Stack parse : parses) {
            if (parse.canEnd(grammar)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int minBytesToEnd() {
        int best = Integer.MAX_VALUE;
        for (Stack parse : parses) {
            best = Math.min(best, parse.minBytesToEnd(grammar));
        }
        return best;
    }

    @Override
    public boolean absorbsCleanText() {
        for (Stack parse : parses) {
            if (!(parse.head instanceof Str string && string.absorbsCleanText(grammar))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonState that && that.grammar == grammar && that.hash == hash
                && Arrays.equals(that.parses, parses);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
