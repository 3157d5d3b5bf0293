package io.aspd.train.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges. Texts are cut into pieces once ({@link PreTokenizer}) and counted, so the merge loop
 * runs over the distinct pieces only, weighted by their counts. Pair counts are kept up to date incrementally: a merge
 * touches only the pieces that contain its pair (found through an index), and a priority queue with lazy deletion
 * yields the most frequent pair. Ties go to the pair with the smaller left id, then the smaller right id, so training
 * is deterministic.
 */
public final class BpeTrainer {

    private final int vocabSize;
    private final int minFrequency;
    private final List<String> specialTokens;

    /**
     * @param vocabSize total size including the 256 byte tokens and the special tokens
     * @param minFrequency a pair seen fewer times than this is never merged
     */
    public BpeTrainer(int vocabSize, int minFrequency, List<String> specialTokens) {
        if (vocabSize < 256 + specialTokens.size()) {
            throw new IllegalArgumentException("vocabSize must leave room for 256 bytes and the special tokens");
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1");
        }
        this.vocabSize = vocabSize;
        this.minFrequency = minFrequency;
        this.specialTokens = List.copyOf(specialTokens);
    }

    /** Counts the pieces of the texts (special tokens are not learned from). */
    public Map<String, Long> countPieces(Iterable<String> texts) {
        PreTokenizer preTokenizer = new PreTokenizer(specialTokens);
        Map<String, Long> counts = new HashMap<>();
        for (String text : texts) {
            for (PreTokenizer.Piece piece : preTokenizer.split(text)) {
                if (!piece.special()) {
                    counts.merge(piece.text(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    public BpeVocabulary train(Iterable<String> texts) {
        return train(countPieces(texts));
    }

    public BpeVocabulary train(Map<String, Long> pieceCounts) {
        List<String> tokens = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            String token = String.valueOf(ByteLevelAlphabet.charOf(b));
            tokens.add(token);
            ids.put(token, b);
        }
        Words words = new Words(pieceCounts);
        List<BpeVocabulary.Merge> merges = new ArrayList<>();
        while (tokens.size() + specialTokens.size() < vocabSize) {
            Words.Pair best = words.mostFrequent();
            if (best == null || best.count() < minFrequency) {
                break;
            }
            String merged = tokens.get(best.left()) + tokens.get(best.right());
            Integer result = ids.get(merged);
            if (result == null) {
                result = tokens.size();
                tokens.add(merged);
                ids.put(merged, result);
            }
            merges.add(new BpeVocabulary.Merge(best.left(), best.right(), result));
            words.merge(best.left(), best.right(), result);
        }
        return new BpeVocabulary(tokens, merges, specialTokens);
    }

    /** The distinct pieces as token-id sequences, with pair counts and the pair → pieces index. */
    private static final class Words {

        record Pair(int left, int right, long count) {
        }

        private static final Comparator<Pair> BEST_FIRST = Comparator.comparingLong(Pair::count).reversed()
                .thenComparingInt(Pair::left).thenComparingInt(Pair::right);

        private final int[][] symbols;
        private final long[] weights;
        private final Map<Long, Long> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> piecesWithPair = new HashMap<>();
        private final PriorityQueue<Pair> queue = new PriorityQueue<>(BEST_FIRST);

        Words(Map<String, Long> pieceCounts) {
            // Sorted so that the index order, and with it nothing observable, depends on hash iteration order.
            List<String> pieces = new ArrayList<>(pieceCounts.keySet());
            pieces.sort(null);
            symbols = new int[pieces.size()][];
            weights = new long[pieces.size()];
            for (int w = 0; w < pieces.size(); w++) {
                String chars = ByteLevelAlphabet.encode(pieces.get(w));
                int[] ids = new int[chars.length()];
                byte[] bytes = ByteLevelAlphabet.decode(chars);
                for (int i = 0; i < bytes.length; i++) {
                    ids[i] = bytes[i] & 0xFF;
                }
                symbols[w] = ids;
                weights[w] = pieceCounts.get(pieces.get(w));
                for (int i = 0; i + 1 < ids.length; i++) {
                    long key = key(ids[i], ids[i + 1]);
                    pairCounts.merge(key, weights[w], Long::sum);
                    piecesWithPair.computeIfAbsent(key, k -> new HashSet<>()).add(w);
                }
            }
            pairCounts.forEach((key, count) -> queue.add(new Pair(left(key), right(key), count)));
        }

        /** The most frequent pair, skipping queue entries whose count is out of date; null when none is left. */
        Pair mostFrequent() {
            while (!queue.isEmpty()) {
                Pair top = queue.poll();
                Long current = pairCounts.get(key(top.left(), top.right()));
                if (current != null && current == top.count()) {
                    queue.add(top); // stays the best until merged
                    return top;
                }
            }
            return null;
        }

        void merge(int left, int right, int result) {
            long mergedKey = key(left, right);
            Set<Integer> affected = piecesWithPair.remove(mergedKey);
            Map<Long, Long> delta = new HashMap<>();
            for (int w : affected) {
                int[] before = symbols[w];
                int[] after = mergeAll(before, left, right, result);
                if (after.length == before.length) {
                    continue;
                }
                for (int i = 0; i + 1 < before.length; i++) {
                    delta.merge(key(before[i], before[i + 1]), -weights[w], Long::sum);
                }
                for (int i = 0; i + 1 < after.length; i++) {
                    long key = key(after[i], after[i + 1]);
                    delta.merge(key, weights[w], Long::sum);
                    piecesWithPair.computeIfAbsent(key, k -> new HashSet<>()).add(w);
                }
                symbols[w] = after;
            }
            delta.forEach((key, change) -> {
                if (change == 0) {
                    return;
                }
                long count = pairCounts.merge(key, change, Long::sum);
                if (count <= 0) {
                    pairCounts.remove(key);
                } else {
                    queue.add(new Pair(left(key), right(key), count));
                }
            });
        }

        /** Replaces each occurrence of (left, right), scanning left to right without overlaps. */
        private static int[] mergeAll(int[] ids, int left, int right, int result) {
            int[] out = new int[ids.length];
            int n = 0;
            for (int i = 0; i < ids.length; i++) {
                if (i + 1 < ids.length && ids[i] == left && ids[i + 1] == right) {
                    out[n++] = result;
                    i++;
                } else {
                    out[n++] = ids[i];
                }
            }
            return Arrays.copyOf(out, n);
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }

        private static int left(long key) {
            return (int) (key >>> 32);
        }

        private static int right(long key) {
            return (int) key;
        }
    }
}
