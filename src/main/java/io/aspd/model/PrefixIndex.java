package io.aspd.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefix cache's index: which pool blocks hold the keys and values of which full {@link KvPool#BLOCK_SIZE}-row
 * block of a causal prefix (rows at positions 0, 1, ..., each seeing every slot before it). A block is keyed by a hash
 * chained over every row from position 0 (its token and tag), so a key names the block's whole prefix, and a cached
 * block is only ever used at the positions it was computed for.
 *
 * <p>A hash alone is never trusted: a hit must also have the very {@link Entry} found for the block before as its
 * parent and the same tokens and tags. Entries are never reused, so parent identity checks the whole prefix by
 * induction. Used by the forward's thread only.
 */
final class PrefixIndex {

    /** One cached block: its rows' tokens and tags, following the prefix its parent stands for. */
    static final class Entry {
        final long hash;
        final Entry parent;
        final int block;
        final int[] tokens;
        final int[] tags;
        private boolean removed;

        private Entry(long hash, Entry parent, int block, int[] tokens, int[] tags) {
            this.hash = hash;
            this.parent = parent;
            this.block = block;
            this.tokens = tokens;
            this.tags = tags;
        }

        /** Whether the entry is still in the index (its block was not evicted or rewritten). */
        boolean live() {
            return !removed;
        }
    }

    private static final long ROOT_HASH = 0x2545F4914F6CDD1DL;

    private final Map<Long, Entry> byHash = new HashMap<>();
    private final Entry[] byBlock;

    PrefixIndex(int totalBlocks) {
        this.byBlock = new Entry[totalBlocks];
    }

    /** The hash of the block of rows {@code tokens[from, from + BLOCK_SIZE)} with {@code tags} following {@code parent}. */
    static long hash(Entry parent, int[] tokens, int from, int[] tags) {
        long h = parent == null ? ROOT_HASH : parent.hash;
        for (int i = 0; i < KvPool.BLOCK_SIZE; i++) {
            h = mix(h ^ (((long) tokens[from + i] << 32) | (tags[i] & 0xFFFFFFFFL)));
        }
        return h;
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The cached block of rows {@code tokens[from, from + BLOCK_SIZE)} with {@code tags} following {@code parent}; null
     * when there is none.
     */
    Entry find(Entry parent, int[] tokens, int from, int[] tags) {
        Entry entry = byHash.get(hash(parent, tokens, from, tags));
        boolean same = entry != null && entry.parent == parent && Arrays.equals(entry.tags, tags)
                && Arrays.equals(entry.tokens, 0, KvPool.BLOCK_SIZE, tokens, from, from + KvPool.BLOCK_SIZE);
        return same ? entry : null;
    }

    /**
     * The longest run of cached blocks that holds the rows {@code tokens[0, limit)} from position 0, all tagged
     * {@code tag}, in order; only full blocks count.
     */
    List<Entry> cachedPrefix(int[] tokens, int limit, int tag) {
        int[] tags = new int[KvPool.BLOCK_SIZE];
        Arrays.fill(tags, tag);
        List<Entry> found = new ArrayList<>();
        Entry parent = null;
        for (int from = 0; from + KvPool.BLOCK_SIZE <= limit; from += KvPool.BLOCK_SIZE) {
            Entry entry = find(parent, tokens, from, tags);
            if (entry == null) {
                break;
            }
            found.add(entry);
            parent = entry;
        }
        return found;
    }

    /**
     * Records that pool block {@code block} holds the rows {@code tokens}, {@code tags} following {@code parent}.
     * Returns the entry that now stands for that prefix: the new one, or one already cached for the same rows (two
     * sequences computed them at once; {@code block} then stays uncached). Null when {@code parent} has been removed
     * meanwhile or a different prefix has the same hash: the prefix cannot be cached further.
     */
    Entry register(Entry parent, int block, int[] tokens, int[] tags) {
        if (parent != null && !parent.live()) {
            return null;
        }
        long hash = hash(parent, tokens, 0, tags);
        Entry existing = byHash.get(hash);
        if (existing != null) {
            boolean same = existing.parent == parent && Arrays.equals(existing.tokens, tokens)
                    && Arrays.equals(existing.tags, tags);
            return same ? existing : null;
        }
        Entry entry = new Entry(hash, parent, block, tokens.clone(), tags.clone());
        byHash.put(hash, entry);
        byBlock[block] = entry;
        return entry;
    }

    boolean isCached(int block) {
        return byBlock[block] != null;
    }

    /** Forgets what {@code block} holds (it is evicted or about to be rewritten); its descendants become unreachable. */
    void remove(int block) {
        Entry entry = byBlock[block];
        if (entry != null) {
            entry.removed = true;
            byHash.remove(entry.hash);
            byBlock[block] = null;
        }
    }
}
