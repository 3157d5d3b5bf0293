package io.aspd.engine;

import io.aspd.markup.AspdTokenIds;
import io.aspd.model.CausalLm;
import io.aspd.model.KvCache;
import io.aspd.model.SequenceRows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes one answer with the Hybrid Decoding Engine of docs/aspd-method.md §6, one step at a time: {@link #nextRows()}
 * says what to feed, the scheduler runs one forward (possibly together with other sequences), and
 * {@link #complete(float[][], long)} consumes the logits and decides the next rows.
 * <p>
 * Serial mode samples under the block grammar, which also keeps titles non-blank and distinct (so they never need
 * de-duplicating). When {@code <|para|>} is sampled the pending titles become branches: {@code <|para|>} and every branch head are fed in one forward, then each step feeds one new token of
 * every running branch, all at Same-Seq positions over the one KV cache, each branch seeing only the shared prefix and
 * itself. When every branch is closed, {@code <|/para|>} is fed (in the same forward as the last closing tags) and serial
 * decoding resumes over the cache as it is. In {@link AspdMode#SEQUENTIAL} the branches of a block run one after another
 * instead, which yields the same tokens; a block with more titles than {@code maxBranches} is also decoded that way
 * ("falls back to serial"), so the answer keeps its structure and its tokens.
 */
public final class HybridDecoder {
    private enum Phase { PREFILL, SERIAL, BLOCK }

    private final GenerationRequest request;
    private final EngineVocabulary vocabulary;
    private final AspdTokenIds ids;
    private final KvCache cache;
    private final int contextLength;
    private final long seed;
    private final SlotTable slots = new SlotTable();
    private final VisibleText visible;
    private final Sampler serialSampler;
    private final TokenHistory history;
    private final DecodeProbe probe;

    /** The answer in flat document order; an open block's tokens join it when the block ends. */
    private final TokenList flat = new TokenList();
    private Grammar.State serialState;
    private final List<String> pendingTitles = new ArrayList<>();
    private final TokenList titleTokens = new TokenList();
    private int nextPosition;
    private OpenBlock block;
    private OrderedMerger merger;
    private int nextGroup;

    private StepRows next;
    private Phase nextPhase = Phase.PREFILL;
    private FinishReason finishReason;

    private int blocks;
    private int fallbackBlocks;
    private int branches;
    private int forwardPasses;
    private int visibleTokens;
    private int branchTokens;
    private int discardedTokens;
    private long prefillNanos;
    private long serialNanos;
    private long parallelNanos;

    /**
     * @param seed          the seed of this choice; serial text and every branch derive their own generator from it
     * @param contextLength the most KV slots this answer may use, prompt included
     * @param listener      receives the visible text in document order, on the calling thread
     */
    public HybridDecoder(GenerationRequest request, EngineVocabulary vocabulary, KvCache cache, int contextLength,
                         long seed, Consumer<TextPiece> listener) {
        this(request, vocabulary, cache, contextLength, seed, listener, DecodeProbe.NONE);
    }

    HybridDecoder(GenerationRequest request, EngineVocabulary vocabulary, KvCache cache, int contextLength, long seed,
                  Consumer<TextPiece> listener, DecodeProbe probe) {
        this.probe = probe;
        this.request = request;
        this.vocabulary = vocabulary;
        this.ids = request.mode() == AspdMode.OFF ? null : vocabulary.aspd().orElse(null);
        this.cache = cache;
        this.contextLength = contextLength;
        this.seed = seed;
        this.visible = new VisibleText(vocabulary::decode, request.stop(), listener);
        this.serialSampler = new Sampler(request.sampling(), SeedMixer.derive(seed, 0));
        this.history = TokenHistory.ofPrompt(request.prompt());
        this.serialState = ids == null ? Grammar.State.OFF : Grammar.State.SERIAL_TEXT;
        visible.startSerial();
        next = new StepRows(slots);
        int[] prompt = request.prompt();
        for (int i = 0; i < prompt.length; i++) {
            next.shared(prompt[i], i, i == prompt.length - 1 ? this::onSerialLogits : null);
        }
        nextPosition = prompt.length;
        checkContext();
    }

    public boolean isFinished() {
        return finishReason != null;
    }

    /** The rows of the next forward; call only while not finished. */
    public SequenceRows nextRows() {
        return next.toSequenceRows(cache);
    }

    /** Rows the next forward will feed: the scheduler's measure of this sequence's share of a step. */
    public int nextRowCount() {
        return next.size();
    }

    /**
     * Consumes the logits of the forward that fed {@link #nextRows()}.
     *
     * @param logits one row per row that wanted logits, in order
     * @param nanos  how long that forward took, for the statistics
     */
    public void complete(float[][] logits, long nanos) {
        StepRows step = next;
        Phase phase = nextPhase;
        switch (phase) {
            case PREFILL -> prefillNanos += nanos;
            case SERIAL -> serialNanos += nanos;
            case BLOCK -> parallelNanos += nanos;
        }
        if (phase != Phase.PREFILL) {
            forwardPasses++;
        }
        next = new StepRows(slots);
        nextPhase = Phase.SERIAL;
        step.complete(logits);
        if (!isFinished() && phase == Phase.BLOCK && block != null) {
            continueBlock();
        }
        if (!isFinished()) {
            checkContext();
        }
    }

    /**
     * Decodes to the end on the calling thread, one forward per step for this answer alone: for tools and benchmarks
     * that measure a single generation outside the engine's batch.
     */
    public GenerationResult runToEnd(CausalLm model) {
        while (!isFinished()) {
            SequenceRows rows = nextRows();
            long started = System.nanoTime();
            float[][] logits = model.forward(List.of(rows)).get(0);
            complete(logits, System.nanoTime() - started);
        }
        return result();
    }

    /** Ends the answer now (client gone, deadline passed); nothing more is emitted. */
    public void cancel() {
        if (!isFinished()) {
            finishReason = FinishReason.CANCELLED;
            if (block != null) {
                foldOpenBlock();
            }
        }
    }

    public GenerationResult result() {
        if (!isFinished()) {
            throw new IllegalStateException("the answer is not finished");
        }
        int[] tokens = flat.toArray();
        AspdStats stats = new AspdStats(blocks, fallbackBlocks, branches, forwardPasses, tokens.length, visibleTokens,
                branchTokens, discardedTokens, prefillNanos, serialNanos, parallelNanos);
        return new GenerationResult(visible.text(), finishReason, request.prompt().length, tokens,
                StructureReader.read(tokens, ids, vocabulary), stats);
    }

    // ---- serial mode ----------------------------------------------------------------------------------------------

    private void onSerialLogits(float[] logits) {
        Grammar.State state = serialState == Grammar.State.TITLE_TEXT && !titleClosable()
                ? Grammar.State.TITLE_START : serialState;
        boolean[] allowed = vocabulary.grammar().allowed(state, pendingTitles.size());
        int token = pick(serialSampler, logits, allowed, history, -1, flat.size());
        flat.add(token);
        history.addGenerated(token);
        if (vocabulary.isEos(token)) {
            finish(FinishReason.STOP);
            return;
        }
        boolean openBlock = advanceSerialGrammar(token, logits);
        if (visible.stopped()) {
            finish(FinishReason.STOP);
        } else if (flat.size() >= request.maxTokens()) {
            finish(FinishReason.LENGTH);
        } else if (openBlock) {
            openBlock();
        } else {
            next.shared(token, nextPosition++, this::onSerialLogits);
        }
    }

    /** Moves the serial grammar on by one sampled token; returns true when the token opens a block. */
    private boolean advanceSerialGrammar(int token, float[] logits) {
        switch (serialState) {
            case OFF, SERIAL_TEXT -> {
                if (ids != null && token == ids.title()) {
                    visible.endStream();
                    serialState = Grammar.State.TITLE_START;
                } else {
                    visibleTokens++;
                    visible.token(token, logprob(logits, token));
                }
            }
            case TITLE_START, TITLE_TEXT -> {
                if (token == ids.titleEnd()) {
                    pendingTitles.add(vocabulary.decode(titleTokens.toArray()));
                    titleTokens.clear();
                    serialState = Grammar.State.AFTER_TITLE;
                } else {
                    titleTokens.add(token);
                    serialState = Grammar.State.TITLE_TEXT;
                }
            }
            case AFTER_TITLE -> {
                if (token == ids.para()) {
                    return true;
                }
                serialState = Grammar.State.TITLE_START;
            }
            case BRANCH_TEXT -> throw new IllegalStateException("serial decoding in a branch state");
        }
        return false;
    }

    /**
     * A title may end only when its text is something a branch can repeat: not blank, not a half-written multi-byte
     * character, and not the same as an earlier title of the list (branches are told apart by their titles). Until
     * then the model has to keep writing the title.
     */
    private boolean titleClosable() {
        String title = vocabulary.decode(titleTokens.toArray());
        return !title.isBlank() && title.indexOf('\uFFFD') < 0 && !pendingTitles.contains(title);
    }

    // ---- blocks ---------------------------------------------------------------------------------------------------

    private void openBlock() {
        List<String> titles = List.copyOf(pendingTitles);
        pendingTitles.clear();
        serialState = Grammar.State.SERIAL_TEXT;
        boolean parallel = request.mode() == AspdMode.PARALLEL && titles.size() <= request.maxBranches();
        if (request.mode() == AspdMode.PARALLEL && !parallel) {
            fallbackBlocks++;
        }
        List<BranchState> states = new ArrayList<>();
        for (int k = 0; k < titles.size(); k++) {
            Sampler sampler = new Sampler(request.sampling(), SeedMixer.derive(seed, blocks + 1, k));
            states.add(new BranchState(k, nextGroup++, titles.get(k), sampler, history.branch(), ids.branchEnd()));
        }
        int paraPosition = nextPosition;
        block = new OpenBlock(blocks++, parallel, flat.size(), paraPosition + 1, states);
        merger = new OrderedMerger(block, visible, request.maxTokens());
        for (BranchState branch : parallel ? states : states.subList(0, 1)) {
            start(branch);
        }
        next.shared(ids.para(), paraPosition, null);
        block.firstBranchSlot = next.nextSlot();
        planBlockRows();
    }

    private void start(BranchState branch) {
        branch.start(vocabulary.branchHead(branch.title));
        branches++;
    }

    private void onBranchLogits(BranchState branch, float[] logits) {
        int token = pick(branch.sampler, logits, vocabulary.grammar().allowed(Grammar.State.BRANCH_TEXT, 0),
                branch.history, branch.number, branch.length());
        if (vocabulary.isEos(token)) {
            token = ids.branchEnd();
        }
        if (block.flatEnd(branch.number) >= request.maxTokens()) {
            branch.cut();
            return;
        }
        branch.add(token, token == ids.branchEnd() ? null : logprob(logits, token));
        branch.history.addGenerated(token);
        if (token != ids.branchEnd() && branch.bodyLength() >= request.maxBranchTokens()) {
            branch.add(ids.branchEnd(), null);
        }
    }

    /** After a block step: show what can be shown, cut what the budget cannot hold, plan the next rows. */
    private void continueBlock() {
        merger.advance();
        if (visible.stopped()) {
            finish(FinishReason.STOP);
            return;
        }
        block.cutBeyond(request.maxTokens());
        planBlockRows();
    }

    /**
     * Feeds every token a branch has that the cache lacks (heads, the last sampled token, closing tags); in
     * sequential decoding starts the next branch once the current one is closed; ends the block when no branch runs.
     */
    private void planBlockRows() {
        if (!block.parallel && !block.anyRunning() && !block.anyCut()) {
            BranchState following = block.nextUnstarted();
            if (following != null) {
                start(following);
            }
        }
        boolean startable = !block.parallel && !block.anyCut() && block.nextUnstarted() != null;
        if (!block.anyRunning() && !startable) {
            endBlock();
            return;
        }
        for (BranchState branch : block.branches) {
            if (branch.isCut()) {
                continue;
            }
            for (int i = branch.fedCount(); i < branch.length(); i++) {
                boolean last = i == branch.length() - 1 && branch.isRunning();
                next.branch(branch.token(i), block.position(i), branch.group, block.firstBranchSlot,
                        last ? logits -> onBranchLogits(branch, logits) : null);
            }
            branch.markFed(branch.length() - branch.fedCount());
        }
        nextPhase = Phase.BLOCK;
    }

    /** No branch runs: either the budget cut the answer inside the block, or the block rejoins serial decoding. */
    private void endBlock() {
        merger.advance();
        int paraEnd = block.flatEnd(block.branches.size() - 1);
        if (block.anyCut() || paraEnd >= request.maxTokens()) {
            finish(FinishReason.LENGTH);
            return;
        }
        for (BranchState branch : block.branches) {
            for (int i = branch.fedCount(); i < branch.length(); i++) {
                next.branch(branch.token(i), block.position(i), branch.group, block.firstBranchSlot, null);
            }
            branch.markFed(branch.length() - branch.fedCount());
        }
        int paraEndPosition = block.position(block.totalLength());
        foldOpenBlock();
        flat.add(ids.paraEnd());
        visible.startSerial();
        if (flat.size() >= request.maxTokens()) {
            finish(FinishReason.LENGTH);
            return;
        }
        next.shared(ids.paraEnd(), paraEndPosition, this::onSerialLogits);
        nextPosition = paraEndPosition + 1;
        nextPhase = Phase.BLOCK;
    }

    /** Moves an open block's tokens (within the budget) into the flat answer and the shared history. */
    private void foldOpenBlock() {
        int decoded = 0;
        for (BranchState branch : block.branches) {
            decoded += branch.length();
            for (int i = 0; i < branch.length() && flat.size() < request.maxTokens(); i++) {
                flat.add(branch.token(i));
                branchTokens++;
            }
            history.absorb(branch.history);
        }
        discardedTokens += decoded - (flat.size() - block.flatStart);
        visibleTokens += merger.visibleTokens();
        block = null;
        merger = null;
    }

    private int pick(Sampler sampler, float[] logits, boolean[] allowed, TokenHistory seen, int branch, int index) {
        int blockIndex = block == null ? blocks : block.index;
        float[] steered = logits;
        if (probe != DecodeProbe.NONE) {
            steered = logits.clone();
            probe.steer(blockIndex, branch, index, steered);
        }
        int token = sampler.sample(steered, allowed, seen);
        probe.observe(blockIndex, branch, index, token, logits);
        return token;
    }

    // ---- the end ---------------------------------------------------------------------------------------------------

    private void finish(FinishReason reason) {
        if (block != null) {
            merger.advance();
            foldOpenBlock();
        }
        visible.finish();
        finishReason = reason;
    }

    private void checkContext() {
        if (slots.length() + next.size() > contextLength) {
            finish(FinishReason.LENGTH);
        }
    }

    private TokenLogprob logprob(float[] logits, int token) {
        return request.wantsLogprobs() ? Logprobs.of(logits, token, request.topLogprobs(), vocabulary) : null;
    }
}
