package io.aspd.train.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Encodes and decodes with a {@link BpeVocabulary}, giving the same ids as the Hugging Face tokenizer built from the
 * same vocabulary (tests compare the two on the corpus). Used where calling the native tokenizer per record would be
 * slow, such as preparing training batches.
 *
 * <p>Merging follows the Hugging Face algorithm: repeatedly merge the adjacent pair with the lowest merge rank, the
 * leftmost one first among equals, until no adjacent pair has a merge.
 */
public final class ByteLevelBpe {

    private record Rule(int rank, int result) {
    }

    private final BpeVocabulary vocabulary;
    private final PreTokenizer preTokenizer;
    private final Map<Long, Rule> rules = new HashMap<>();
    private final Map<String, Integer> specialIds = new HashMap<>();
    private final Map<String, int[]> pieceCache = new ConcurrentHashMap<>();

    public ByteLevelBpe(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.preTokenizer = new PreTokenizer(vocabulary.specialTokens());
        List<BpeVocabulary.Merge> merges = vocabulary.merges();
        for (int rank = 0; rank < merges.size(); rank++) {
            BpeVocabulary.Merge merge = merges.get(rank);
            // A pair listed twice keeps its last rank, as in the Hugging Face loader.
            rules.put(key(merge.left(), merge.right()), new Rule(rank, merge.result()));
        }
        for (String special : vocabulary.specialTokens()) {
            specialIds.put(special, vocabulary.specialId(special));
        }
    }

    public BpeVocabulary vocabulary() {
        return vocabulary;
    }

    public int[] encode(String text) {
        int[] ids = new int[16];
        int n = 0;
        for (PreTokenizer.Piece piece : preTokenizer.split(text)) {
            int[] pieceIds = piece.special()
                    ? new int[] {specialIds.get(piece.text())}
                    : pieceCache.computeIfAbsent(piece.text(), this::encodePiece);
            if (n + pieceIds.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, n + pieceIds.length));
            }
            System.arraycopy(pieceIds, 0, ids, n, pieceIds.length);
            n += pieceIds.length;
        }
        return Arrays.copyOf(ids, n);
    }

    /** Text of the ids, special tokens included; invalid UTF-8 (a cut multi-byte character) becomes U+FFFD. */
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int specialStart = vocabulary.tokens().size();
        for (int id : ids) {
            if (id >= specialStart) {
                text.append(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                text.append(vocabulary.specialTokens().get(id - specialStart));
            } else {
                pending.writeBytes(ByteLevelAlphabet.decode(vocabulary.tokens().get(id)));
            }
        }
        return text.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }

    private int[] encodePiece(String piece) {
        byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        int[] ids = new int[n];
        int[] next = new int[n];
        int[] prev = new int[n];
        boolean[] gone = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = bytes[i] & 0xFF;
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // Entries are (rank, position), smallest rank first, then leftmost; stale ones are skipped when polled.
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0]
                ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, ids[i], ids[i + 1], i);
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int pos = (int) top[1];
            int right = next[pos];
            if (gone[pos] || right < 0) {
                continue;
            }
            Rule rule = rules.get(key(ids[pos], ids[right]));
            if (rule == null || rule.rank() != top[0]) {
                continue;
            }
            ids[pos] = rule.result();
            gone[right] = true;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                offer(queue, ids[pos], ids[next[pos]], pos);
            }
            if (prev[pos] >= 0) {
                offer(queue, ids[prev[pos]], ids[pos], prev[pos]);
            }
        }
        return IntStream.range(0, n).filter(i -> !gone[i]).map(i -> ids[i]).toArray();
    }

    private void offer(PriorityQueue<long[]> queue, int left, int right, int position) {
        Rule rule = rules.get(key(left, right));
        if (rule != null) {
            queue.add(new long[] {rule.rank(), position});
        }
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }
}
