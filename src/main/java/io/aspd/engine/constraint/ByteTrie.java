package io.aspd.engine.constraint;

import java.util.Arrays;

/**
 * A trie over byte strings, each carrying an int tag (a token id, a property index, an enum value index). Built from
 * the strings sorted as unsigned bytes, so the tags of every subtree are one contiguous range of {@link #tagOrder}:
 * a whole subtree can be accepted by copying a range. Node 0 is the root; children are linked in byte order.
 */
final class ByteTrie {
    final int[] firstChild;
    final int[] nextSibling;
    final byte[] edge;
    final int[] depth;
    /** Tags of the subtree of node n: {@code tagOrder[subtreeStart[n] .. subtreeEnd[n])}. */
    final int[] subtreeStart;
    final int[] subtreeEnd;
    /** Tags of strings ending exactly at node n: {@code tagOrder[subtreeStart[n] .. ownEnd[n])}. */
    final int[] ownEnd;
    final int[] tagOrder;
    final int nodeCount;

    private ByteTrie(int[] firstChild, int[] nextSibling, byte[] edge, int[] depth, int[] subtreeStart,
            int[] subtreeEnd, int[] ownEnd, int[] tagOrder, int nodeCount) {
        this.firstChild = firstChild;
        this.nextSibling = nextSibling;
        this.edge = edge;
        this.depth = depth;
        this.subtreeStart = subtreeStart;
        this.subtreeEnd = subtreeEnd;
        this.ownEnd = ownEnd;
        this.tagOrder = tagOrder;
        this.nodeCount = nodeCount;
    }

    /** A trie of {@code strings[i]} tagged {@code tags[i]}; equal strings share a node and keep all their tags. */
    static ByteTrie build(byte[][] strings, int[] tags) {
        Integer[] order = new Integer[strings.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(strings[a], strings[b]));
        int capacity = 1 + Arrays.stream(strings).mapToInt(s -> s.length).sum();
        int[] firstChild = new int[capacity];
        int[] nextSibling = new int[capacity];
        int[] lastChild = new int[capacity];
        byte[] edge = new byte[capacity];
        int[] depth = new int[capacity];
        int[] start = new int[capacity];
        int[] end = new int[capacity];
        int[] ownEnd = new int[capacity];
        Arrays.fill(firstChild, -1);
        Arrays.fill(nextSibling, -1);
        Arrays.fill(lastChild, -1);
        int[] tagOrder = new int[strings.length];
        int nodes = 1;
        int maxLength = Arrays.stream(strings).mapToInt(s -> s.length).max().orElse(0);
        int[] path = new int[maxLength + 1];
        byte[] previous = new byte[0];
        for (int position = 0; position < order.length; position++) {
            byte[] s = strings[order[position]];
            tagOrder[position] = tags[order[position]];
            int common = Arrays.mismatch(previous, s);
            common = common < 0 ? s.length : Math.min(common, Math.min(previous.length, s.length));
            for (int d = common + 1; d <= s.length; d++) {
                int parent = path[d - 1];
                int node = nodes++;
                edge[node] = s[d - 1];
                depth[node] = d;
                start[node] = position;
                ownEnd[node] = position;
                if (lastChild[parent] < 0) {
                    firstChild[parent] = node;
                } else {
                    nextSibling[lastChild[parent]] = node;
                }
                lastChild[parent] = node;
                path[d] = node;
            }
            for (int d = 0; d <= s.length; d++) {
                end[path[d]] = position + 1;
            }
            ownEnd[path[s.length]] = position + 1;
            previous = s;
        }
        end[0] = strings.length;
        return new ByteTrie(Arrays.copyOf(firstChild, nodes), Arrays.copyOf(nextSibling, nodes),
                Arrays.copyOf(edge, nodes), Arrays.copyOf(depth, nodes), Arrays.copyOf(start, nodes),
                Arrays.copyOf(end, nodes), Arrays.copyOf(ownEnd, nodes), tagOrder, nodes);
    }

    /** The child of {@code node} along byte {@code b}, or -1. */
    int child(int node, int b) {
        for (int c = firstChild[node]; c >= 0; c = nextSibling[c]) {
            int e = edge[c] & 0xFF;
            if (e == b) {
                return c;
            }
            if (e > b) {
                return -1;
            }
        }
        return -1;
    }

    boolean endsHere(int node) {
        return ownEnd[node] > subtreeStart[node];
    }

    /** The first tag of a string ending at {@code node}. */
    int tagEndingAt(int node) {
        return tagOrder[subtreeStart[node]];
    }
}
