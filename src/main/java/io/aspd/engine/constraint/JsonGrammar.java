package io.aspd.engine.constraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A compiled JSON Schema: the node graph plus what the automaton needs precomputed (the fewest bytes a value of each
 * node can take, the concrete alternatives behind each {@code anyOf}, key and literal tries). Immutable once built;
 * shared by every {@link JsonState} of every request that uses the same schema.
 */
public final class JsonGrammar {
    /** Stands for "no finite document": larger than any real length, small enough that sums do not overflow. */
    static final int INFINITE = 1 << 29;

    final List<SchemaNode> nodes;
    final int root;
    final int maxWhitespace;
    private final List<String> ignoredKeywords;
    private final int[] minBytes;
    private final int[][] leaves;

    JsonGrammar(List<SchemaNode> nodes, int root, int maxWhitespace, List<String> ignoredKeywords) {
        this.nodes = nodes;
        this.root = root;
        this.maxWhitespace = maxWhitespace;
        this.ignoredKeywords = List.copyOf(ignoredKeywords);
        for (SchemaNode node : nodes) {
            if (node.kind == SchemaNode.Kind.LITERAL) {
                buildLiteralTrie(node);
            }
        }
        this.minBytes = computeMinBytes(nodes);
        for (SchemaNode node : nodes) {
            if (node.kind == SchemaNode.Kind.OBJECT) {
                buildKeyTrie(node);
            }
        }
        this.leaves = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            leaves[i] = collectLeaves(i);
        }
        if (minBytes[root] >= INFINITE) {
            throw new SchemaException("the schema admits no finite JSON document");
        }
    }

    /** Keywords the schema uses that are not enforced (empty unless compiled non-strict), as {@code pointer: keyword}. */
    public List<String> ignoredKeywords() {
        return ignoredKeywords;
    }

    /** The automaton state before the first byte of a document. */
    public JsonState start() {
        return JsonState.start(this);
    }

    /** The fewest bytes of a document (leading and trailing whitespace aside). */
    public int minDocumentBytes() {
        return minBytes[root];
    }

    SchemaNode node(int id) {
        return nodes.get(id);
    }

    int minBytes(int id) {
        return minBytes[id];
    }

    /** The concrete (non-anyOf) nodes a value of node {@code id} may take, those with a finite document only. */
    int[] leaves(int id) {
        return leaves[id];
    }

    static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    // ---- object costs: the fewest bytes to finish an object given the declared properties already written

    int entryBytes(SchemaNode object, int property) {
        return object.keyTexts[property].length + 1 + minBytes[object.propertySchemas[property]];
    }

    boolean requiredMet(SchemaNode object, long used) {
        return (object.required & ~used) == 0;
    }

    /** Bytes to close an object whose last written part is a complete value (or the opening brace when first). */
    int closeCost(SchemaNode object, long used, boolean first) {
        long missing = object.required & ~used;
        if (missing == 0) {
            return 1;
        }
        int cost = 1;
        int count = 0;
        for (long bits = missing; bits != 0; bits &= bits - 1) {
            cost += entryBytes(object, Long.numberOfTrailingZeros(bits));
            count++;
        }
        return cost + (first ? count - 1 : count);
    }

    /** Bytes to finish an object right after a comma: a key must follow. */
    int afterCommaCost(SchemaNode object, long used) {
        if ((object.required & ~used) != 0) {
            return closeCost(object, used, true);
        }
        int best = INFINITE;
        for (int p = 0; p < object.names.length; p++) {
            if ((used & 1L << p) == 0) {
                best = Math.min(best, entryBytes(object, p) + 1);
            }
        }
        if (object.additional >= 0) {
            best = Math.min(best, shortestFreeKeyBytes(object) + 1 + minBytes[object.additional] + 1);
        }
        return best;
    }

    /** Whether another key can follow a comma. */
    boolean canAddKey(SchemaNode object, long used) {
        return afterCommaCost(object, used) < INFINITE;
    }

    /** {@code ""}, or a one-letter key when the empty name is a declared property. */
    int shortestFreeKeyBytes(SchemaNode object) {
        return Arrays.asList(object.names).contains("") ? 3 : 2;
    }

    boolean isDeclared(SchemaNode object, String name) {
        return Arrays.asList(object.names).contains(name);
    }

    // ---- construction

    private static void buildLiteralTrie(SchemaNode node) {
        int[] tags = new int[node.literals.length];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = i;
        }
        ByteTrie trie = ByteTrie.build(node.literals, tags);
        int[] minRemaining = new int[trie.nodeCount];
        Arrays.fill(minRemaining, INFINITE);
        for (int n = 0; n < trie.nodeCount; n++) {
            for (int k = trie.subtreeStart[n]; k < trie.subtreeEnd[n]; k++) {
                minRemaining[n] = Math.min(minRemaining[n], node.literals[trie.tagOrder[k]].length - trie.depth[n]);
            }
        }
        node.literalTrie = trie;
        node.literalMinRemaining = minRemaining;
    }

    private void buildKeyTrie(SchemaNode node) {
        List<byte[]> texts = new ArrayList<>();
        List<Integer> tags = new ArrayList<>();
        for (int p = 0; p < node.names.length; p++) {
            if (minBytes[node.propertySchemas[p]] < INFINITE) {
                texts.add(node.keyTexts[p]);
                tags.add(p);
            }
        }
        node.keyTrie = ByteTrie.build(texts.toArray(new byte[0][]), tags.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Least fixed point of the shortest-document length over the (possibly cyclic) node graph. */
    private static int[] computeMinBytes(List<SchemaNode> nodes) {
        int[] min = new int[nodes.size()];
        Arrays.fill(min, INFINITE);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < nodes.size(); i++) {
                int value = Math.min(INFINITE, shortest(nodes.get(i), min));
                if (value < min[i]) {
                    min[i] = value;
                    changed = true;
                }
            }
        }
        return min;
    }

    private static int shortest(SchemaNode node, int[] min) {
        switch (node.kind) {
            case ANY_OF:
                return Arrays.stream(node.alternatives).map(a -> min[a]).min().orElse(INFINITE);
            case OBJECT: {
                long cost = 2;
                int count = 0;
                for (int p = 0; p < node.names.length; p++) {
                    if ((node.required & 1L << p) != 0) {
                        cost += node.keyTexts[p].length + 1L + min[node.propertySchemas[p]];
                        count++;
                    }
                }
                return (int) Math.min(INFINITE, cost + Math.max(0, count - 1));
            }
            case ARRAY:
                if (node.minItems > node.maxItems) {
                    return INFINITE;
                }
                return node.minItems == 0 ? 2
                        : (int) Math.min(INFINITE, 2L + (long) node.minItems * (min[node.items] + 1L) - 1);
            case STRING:
                return node.minLength <= node.maxLength ? (int) Math.min(INFINITE, 2L + node.minLength) : INFINITE;
            case NUMBER:
            case INTEGER:
                return 1;
            case LITERAL:
                return Arrays.stream(node.literals).mapToInt(t -> t.length).min().orElse(INFINITE);
            case NEVER:
                return INFINITE;
            default:
                throw new IllegalStateException(node.kind.toString());
        }
    }

    private int[] collectLeaves(int id) {
        BitSet seen = new BitSet();
        List<Integer> found = new ArrayList<>();
        collect(id, seen, found);
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private void collect(int id, BitSet seen, List<Integer> found) {
        if (seen.get(id)) {
            return;
        }
        seen.set(id);
        SchemaNode node = nodes.get(id);
        if (node.kind == SchemaNode.Kind.ANY_OF) {
            for (int alternative : node.alternatives) {
                collect(alternative, seen, found);
            }
        } else if (minBytes[id] < INFINITE) {
            found.add(id);
        }
    }
}
