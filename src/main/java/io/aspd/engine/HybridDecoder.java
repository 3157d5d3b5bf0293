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
 * {@link #complete(float[][], long)} takes the logits, dispatches each row to what it predicts (the serial text or one
 * branch), and plans the next rows.
 * <p>
 * First the prompt is prefilled: its tokens from the cache's length on (a cache may arrive holding a prefix of the
 * prompt already) to its end. The scheduler may feed them in chunks ({@link #promptRows(int)}); only the last chunk asks
 * for logits, those of the last prompt token, from which the first answer token is sampled: the same logits, up to
 * floating-point rounding, as one forward over the whole prompt gives.
 * <p>
 * Serial mode samples under the block grammar ({@link SerialGrammar}), which also keeps titles non-blank and distinct.
 * When {@code <|para|>} is sampled the pending titles become branches of an {@link OpenBlock}. With
 * {@link BranchSchedule#TOGETHER} {@code <|para|>} and every branch head are fed in one forward, then each step feeds
 * one new token of every running branch, all at Same-Seq positions over the one KV cache, each branch seeing only the
 * shared prefix and itself. With {@link BranchSchedule#ONE_AFTER_ANOTHER} (mode {@link AspdMode#SEQUENTIAL}, or a block
 * with more titles than {@code maxBranches}) the branches run one after another and yield the same tokens. When every
 * branch is closed, {@code <|/para|>} is fed (in the same forward as the last closing tags) and serial decoding resumes
 * over the cache as it is.
 * <p>
 * The limits live in {@link TokenBudget}, the document-order text in {@link OrderedMerger} and {@link VisibleText},
 * the counters in {@link DecodeStatistics}.
 */
public final class HybridDecoder {
    private final GenerationRequest request;
    private final EngineVocabulary vocabulary;
    /** The ASPD tokens; null when the answer is plain text (mode off, or a model without them). */
    private final AspdTokenIds ids;
    private final KvCache cache;
    private final int contextLength;
    private final long seed;
    private final DecodeProbe probe;
    private final TokenBudget budget;
    private final DecodeStatistics stats = new DecodeStatistics();
    private final VisibleText visible;
    private final Sampler serialSampler;
    private final SerialGrammar serialGrammar;
    private final TokenHistory history;
    /** The request's output constraint for this answer; null when it has none. */
    private final ConstrainedSampling constraint;

    /** The answer in flat document order; an open block's tokens join it when the block ends. */
    private final TokenList flat = new TokenList();
    /** Prompt tokens in the cache; prefill feeds the rest, tokens {@code [prefilled, prompt length)}. */
    private int prefilled;
    /** Prompt tokens the cache arrived with (a prefix cache hit), reported in the usage. */
    private final int cachedPromptTokens;
    private int nextPosition;
    private int openedBlocks;
    private int openedBranches;
    private OpenBlock block;
    private OrderedMerger merger;

    /** The rows of the next forward once the prompt is in the cache; while prefilling, the prompt chunk being fed. */
    private StepRows next;
    private DecodeStatistics.StepKind nextKind = DecodeStatistics.StepKind.PREFILL;
    private FinishReason finishReason;

    /**
     * @param seed          the seed of this choice; serial text and every branch derive their own generator from it
     * @param cache         empty, or already holding the prompt's first rows (a prefix cache hit: a cache from
     *                      {@link CausalLm#newCache(int, io.aspd.model.PrefixRows)} for {@link StepRows#sharedPrefix})
     * @param contextLength the most KV slots this answer may use, prompt included
     * @param listener      receives the visible text in document order, on the calling thread
     */
    public HybridDecoder(GenerationRequest request, EngineVocabulary vocabulary, KvCache cache, int contextLength,
                         long seed, Consumer<TextPiece> listener) {
        this(request, vocabulary, cache, contextLength, seed, listener, DecodeProbe.NONE);
    }

    HybridDecoder(GenerationRequest request, EngineVocabulary vocabulary, KvCache cache, int contextLength, long seed,
                  Consumer<TextPiece> listener, DecodeProbe probe) {
        this.request = request;
        this.vocabulary = vocabulary;
        this.ids = request.mode() == AspdMode.OFF ? null : vocabulary.aspd().orElse(null);
        this.cache = cache;
        this.contextLength = contextLength;
        this.seed = seed;
        this.probe = probe;
        this.budget = TokenBudget.of(request);
        this.visible = new VisibleText(vocabulary::decode, request.stop(), listener);
        this.serialSampler = new Sampler(request.sampling(), SeedMixer.derive(seed, 0));
        this.serialGrammar = new SerialGrammar(vocabulary, ids);
        this.history = TokenHistory.ofPrompt(request.prompt());
        // the answer's EOS is one of its max_tokens: the constrained text must be complete one token before the end
        this.constraint = ConstrainedSampling.of(request.constraint(), request.maxTokens() - 1, vocabulary);
        visible.startSerial();
        next = new StepRows(cache);
        prefilled = cache.length(); // a prefix cache hit: prefill starts after the rows the cache holds
        cachedPromptTokens = prefilled;
        if (prefilled >= request.prompt().length) {
            throw new IllegalArgumentException("the cache holds " + prefilled + " slots but the prompt has "
                    + request.prompt().length + " tokens: at least its last token must be fed to predict the answer");
        }
        nextPosition = request.prompt().length;
        checkContext();
    }

    public boolean isFinished() {
        return finishReason != null;
    }

    /** Whether prompt tokens are still to be fed (then the next forward feeds prompt rows only). */
    public boolean isPrefilling() {
        return prefilled < request.prompt().length;
    }

    /** Prompt tokens not yet in the cache. */
    public int promptRowsLeft() {
        return request.prompt().length - prefilled;
    }

    /** The rows of the next forward (while prefilling, the whole rest of the prompt); call only while not finished. */
    public SequenceRows nextRows() {
        return isPrefilling() ? promptRows(promptRowsLeft()) : next.toSequenceRows();
    }

    /**
     * The next {@code count} prompt tokens as the rows of the next forward, a chunk of the prefill; the chunk that
     * ends the prompt asks for the logits of its last token.
     *
     * @param count from 1 to {@link #promptRowsLeft()}
     */
    public SequenceRows promptRows(int count) {
        if (count < 1 || count > promptRowsLeft()) {
            throw new IllegalArgumentException("a prompt chunk takes 1 to " + promptRowsLeft() + " rows, not " + count);
        }
        int[] prompt = request.prompt();
        next = new StepRows(cache);
        for (int i = prefilled; i < prefilled + count; i++) {
            next.shared(prompt[i], i, i == prompt.length - 1);
        }
        return next.toSequenceRows();
    }

    /**
     * Consumes the logits of the forward that fed {@link #nextRows()}.
     *
     * @param logits one row per row that wanted logits, in order
     * @param nanos  how long that forward took, for the statistics
     */
    public void complete(float[][] logits, long nanos) {
        stats.forward(nextKind, nanos);
        StepRows.StepLogits step = next.complete(logits);
        if (isPrefilling()) {
            prefilled += next.size();
            if (isPrefilling()) {
                next = new StepRows(cache); // a chunk before the last predicts nothing
                return;
            }
        }
        next = new StepRows(cache);
        nextKind = DecodeStatistics.StepKind.SERIAL;
        if (step.predictsSerialText()) {
            decodeSerialToken(step.serialText());
        } else {
            decodeBlockStep(step.branches());
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
        return new GenerationResult(visible.text(), finishReason, request.prompt().length, cachedPromptTokens, tokens,
                StructureReader.read(tokens, ids, vocabulary), stats.snapshot(tokens.length));
    }

    // ---- serial mode ----------------------------------------------------------------------------------------------

    private void decodeSerialToken(float[] logits) {
        boolean inText = serialGrammar.inText();
        boolean[] allowed = constraint == null ? serialGrammar.allowed()
                : constraint.serialAllowed(serialGrammar.allowed(), inText, flat.size());
        if (allowed == null) {
            // the constrained answer cannot be completed in the tokens left: it ends cut, as at max_tokens
            finish(FinishReason.LENGTH);
            return;
        }
        int token = pick(serialSampler, logits, allowed, history, -1, flat.size());
        if (constraint != null) {
            constraint.serialAccepted(token, inText);
        }
        flat.add(token);
        history.addGenerated(token);
        if (vocabulary.isEos(token)) {
            finish(FinishReason.STOP);
            return;
        }
        SerialGrammar.Role role = serialGrammar.accept(token);
        switch (role) {
            case TEXT -> {
                stats.serialTextToken();
                visible.token(token, logprob(logits, token));
            }
            case TITLE_MARKUP -> visible.endStream();
            case OPENS_BLOCK -> { }
        }
        if (visible.stopped()) {
            finish(FinishReason.STOP);
        } else if (!budget.fits(flat.size())) {
            finish(FinishReason.LENGTH);
        } else if (role == SerialGrammar.Role.OPENS_BLOCK) {
            openBlock();
        } else {
            next.shared(token, nextPosition++, true);
        }
    }

    // ---- blocks ---------------------------------------------------------------------------------------------------

    private void openBlock() {
        List<String> titles = serialGrammar.takeTitles();
        BranchSchedule schedule = BranchSchedule.forBlock(request.mode(), titles.size(), request.maxBranches());
        int blockIndex = openedBlocks++;
        stats.blockOpened(schedule.isFallbackIn(request.mode()));
        List<BranchState> branches = new ArrayList<>();
        for (int k = 0; k < titles.size(); k++) {
            Sampler sampler = new Sampler(request.sampling(), SeedMixer.derive(seed, blockIndex + 1, k));
            branches.add(new BranchState(k, openedBranches++, titles.get(k), sampler, history.branch(),
                    constraint == null ? null : constraint.forBranch(), ids.branchEnd()));
        }
        int paraPosition = nextPosition;
        block = new OpenBlock(blockIndex, schedule, flat.size(), paraPosition + 1, branches);
        merger = new OrderedMerger(block, visible, budget);
        next.shared(ids.para(), paraPosition, false);
        block.firstBranchSlot = next.nextSlot();
        planBlockRows();
    }

    /** Samples one token for each branch that asked for one, in branch order, so later branches see earlier lengths. */
    private void decodeBlockStep(List<StepRows.BranchLogits> predictions) {
        for (StepRows.BranchLogits prediction : predictions) {
            BranchState branch = prediction.branch();
            if (budget.admitsNextToken(block, branch)) {
                decodeBranchToken(branch, prediction.logits());
            } else {
                branch.cut();
            }
        }
        merger.advance();
        if (visible.stopped()) {
            finish(FinishReason.STOP);
            return;
        }
        budget.cutBeyond(block);
        planBlockRows();
    }

    private void decodeBranchToken(BranchState branch, float[] logits) {
        int token = pickBranchToken(branch, logits);
        TokenLogprob logprob = logprob(logits, token);
        if (vocabulary.isEos(token)) {
            token = ids.branchEnd();
        }
        if (branch.constraint != null) {
            branch.constraint.advance(token);
        }
        branch.add(token, logprob);
        branch.history.addGenerated(token);
        if (budget.branchCapReached(branch)) {
            branch.add(ids.branchEnd(), request.wantsLogprobs() ? Logprobs.forced(ids.branchEnd(), vocabulary) : null);
        }
    }

    /**
     * The branch grammar's pick; under an output constraint, also what the branch's constraint allows, drawn again
     * without a token that would open a tool call (which must be written in the serial stream).
     */
    private int pickBranchToken(BranchState branch, float[] logits) {
        boolean[] grammar = vocabulary.grammar().allowed(Grammar.State.BRANCH_TEXT, 0);
        if (branch.constraint == null) {
            return pick(branch.sampler, logits, grammar, branch.history, branch.number, branch.length());
        }
        boolean[] allowed = constraint.branchAllowed(branch.constraint, grammar);
        while (true) {
            int token = pick(branch.sampler, logits, allowed, branch.history, branch.number, branch.length());
            if (!ConstrainedSampling.opensCall(branch.constraint, token)) {
                return token;
            }
            allowed[token] = false;
        }
    }

    /**
     * Starts what the schedule says, then feeds every token a branch has that the cache lacks (heads, the last sampled
     * token, closing tags), asking for logits after the last token of each running branch; ends the block when no
     * branch runs.
     */
    private void planBlockRows() {
        for (BranchState branch : block.schedule.branchesToStart(block)) {
            branch.start(vocabulary.branchHead(branch.title));
            stats.branchStarted();
        }
        if (!block.anyRunning()) {
            endBlock();
            return;
        }
        for (BranchState branch : block.branches) {
            if (!branch.isCut()) {
                feedUnfed(branch, branch.isRunning());
            }
        }
        nextKind = DecodeStatistics.StepKind.BLOCK;
    }

    /** Feeds the tokens of {@code branch} the cache lacks; the last one predicts the branch's next token if asked. */
    private void feedUnfed(BranchState branch, boolean predictsNext) {
        for (int i = branch.fedCount(); i < branch.length(); i++) {
            boolean last = i == branch.length() - 1;
            next.branch(branch.token(i), block.position(i), branch, block.firstBranchSlot, last && predictsNext);
        }
        branch.markFed(branch.length() - branch.fedCount());
    }

    /** No branch runs: either the budget ends the answer inside the block, or the block rejoins serial decoding. */
    private void endBlock() {
        merger.advance();
        if (!budget.fits(block.paraEndIndex())) {
            finish(FinishReason.LENGTH);
            return;
        }
        block.branches.forEach(branch -> feedUnfed(branch, false));
        int paraEndPosition = block.position(block.paraEndIndex() - block.flatStart);
        foldOpenBlock();
        flat.add(ids.paraEnd());
        visible.startSerial();
        if (!budget.fits(flat.size())) {
            finish(FinishReason.LENGTH);
            return;
        }
        next.shared(ids.paraEnd(), paraEndPosition, true);
        nextPosition = paraEndPosition + 1;
        nextKind = DecodeStatistics.StepKind.BLOCK;
    }

    /** Moves an open block's tokens (within the budget) into the flat answer and the shared history. */
    private void foldOpenBlock() {
        int[] tokens = block.flatTokens();
        int kept = budget.fitting(block.flatStart, tokens.length);
        for (int i = 0; i < kept; i++) {
            flat.add(tokens[i]);
        }
        block.branches.forEach(branch -> history.absorb(branch.history));
        stats.blockFolded(kept, tokens.length - kept, merger.visibleTokens());
        block = null;
        merger = null;
    }

    private int pick(Sampler sampler, float[] logits, boolean[] allowed, TokenHistory seen, int branch, int index) {
        int blockIndex = block == null ? openedBlocks : block.index;
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
        int rowsToFeed = isPrefilling() ? promptRowsLeft() : next.size();
        if (cache.length() + rowsToFeed > contextLength) {
            finish(FinishReason.LENGTH);
        }
    }

    private TokenLogprob logprob(float[] logits, int token) {
        return request.wantsLogprobs() ? Logprobs.of(logits, token, request.topLogprobs(), vocabulary) : null;
    }
}
