package io.aspd.engine;

import io.aspd.markup.AspdTokenIds;
import io.aspd.markup.AspdTokens;
import io.aspd.markup.Rendering;
import io.aspd.model.TextTokenizer;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine knows about a model's tokens: the ASPD ids (absent for a model that was not tuned for ASPD, which is
 * then served with plain decoding), EOS ids, which ids are text, the grammar, and the forced head of each branch.
 */
public final class EngineVocabulary {
    private static final Logger log = LoggerFactory.getLogger(EngineVocabulary.class);
    /** Any word: only used to see how the tokenizer splits the head from the body that follows it. */
    private static final String PROBE_BODY = "word";

    private final TextTokenizer tokenizer;
    private final int logitsSize;
    private final AspdTokenIds aspd;
    private final int[] eos;
    private final boolean[] eosMask;
    private final Grammar grammar;
    private final ConcurrentMap<String, int[]> branchHeads = new ConcurrentHashMap<>();

    public EngineVocabulary(TextTokenizer tokenizer, int logitsSize) {
        this.tokenizer = tokenizer;
        this.logitsSize = logitsSize;
        this.aspd = AspdTokens.ALL.stream().allMatch(t -> tokenizer.tokenId(t).isPresent())
                ? AspdTokenIds.lookup(tokenizer::tokenId) : null;
        this.eos = tokenizer.eosTokenIds().stream().mapToInt(Integer::intValue).sorted().toArray();
        if (eos.length == 0) {
            throw new IllegalArgumentException("the tokenizer defines no EOS token");
        }
        this.eosMask = new boolean[logitsSize];
        for (int id : eos) {
            eosMask[id] = true;
        }
        boolean[] text = new boolean[logitsSize];
        int known = Math.min(logitsSize, tokenizer.vocabSize());
        for (int id = 0; id < known; id++) {
            text[id] = !tokenizer.isSpecial(id);
        }
        this.grammar = new Grammar(text, eos, aspd);
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The length of a logits row: the model's vocabulary, which may be larger than the tokenizer's. */
    public int logitsSize() {
        return logitsSize;
    }

    /** The ASPD token ids, if this model has them. */
    public Optional<AspdTokenIds> aspd() {
        return Optional.ofNullable(aspd);
    }

    public boolean isEos(int id) {
        return id >= 0 && id < eosMask.length && eosMask[id];
    }

    int[] eosIds() {
        return eos.clone();
    }

    Grammar grammar() {
        return grammar;
    }

    String decode(int[] ids) {
        return tokenizer.decode(ids);
    }

    /**
     * The forced tokens that open a branch: {@code <|branch|>} and the title with its colon, tokenized as they appear in
     * the training data (docs/aspd-method.md §6.3). The head is cut from the tokenization of a whole branch string, so
     * that a tokenizer which merges the colon with what follows is still fed what training showed it; the body's
     * first token (which carries the space) is left for the model to write.
     */
    int[] branchHead(String title) {
        return branchHeads.computeIfAbsent(title, this::tokenizeBranchHead).clone();
    }

    private int[] tokenizeBranchHead(String title) {
        String head = AspdTokens.BRANCH + Rendering.branchHead(title);
        int[] whole = tokenizer.encode(head + Rendering.BODY_PREFIX + PROBE_BODY);
        int cut = 0;
        for (int n = 1; n <= whole.length; n++) {
            String decoded = tokenizer.decode(Arrays.copyOf(whole, n));
            if (!head.startsWith(decoded)) {
                break;
            }
            cut = n;
        }
        String covered = tokenizer.decode(Arrays.copyOf(whole, cut));
        if (!covered.equals(head)) {
            log.warn("The tokenizer merges the end of branch head '{}' with the body; forcing only '{}'", head, covered);
        }
        return Arrays.copyOf(whole, cut);
    }
}
