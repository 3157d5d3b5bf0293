package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.markup.AspdDocument;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grammar, the budget, stop strings and fallbacks of the Hybrid Decoding Engine (docs/aspd-method.md §6). */
class HybridDecoderBehaviourTest extends SharedEngineTestBed {
    static int[] prompt;

    @BeforeAll
    static void loadModel() {
        prompt = bed.prompt("How can I pay?");
    }

    private static EngineTestBed.Run run(ScriptedProbe.Builder script, AspdMode mode, int maxTokens, List<String> stop) {
        return bed.decode(bed.request(prompt, maxTokens, SamplingParams.greedy(), mode, stop), 5, script.build());
    }

    private static int count(int[] tokens, int token) {
        return (int) Arrays.stream(tokens).filter(t -> t == token).count();
    }

    @Test
    void aBlockCannotOpenAfterASingleTitle() {
        DecodeProbe pushParaEverywhere = new DecodeProbe() {
            int step;

            @Override
            public void steer(int block, int branch, int index, float[] logits) {
                if (branch < 0) {
                    int[] plan = {bed.ids.title(), bed.tokenizer.encode("A")[0], bed.ids.titleEnd()};
                    logits[step < plan.length ? plan[step] : bed.ids.para()] = 1e9f;
                    step++;
                }
            }
        };
        int[] tokens = bed.decode(bed.request(prompt, 12, SamplingParams.greedy(), AspdMode.PARALLEL, List.of()), 1,
                pushParaEverywhere).result().tokenIds();
        assertThat(tokens[3]).as("after one title only another title may follow").isEqualTo(bed.ids.title());
        int firstPara = Arrays.stream(tokens).boxed().toList().indexOf(bed.ids.para());
        if (firstPara >= 0) {
            assertThat(count(Arrays.copyOf(tokens, firstPara), bed.ids.titleEnd())).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aTitleListCutByTheBudgetShowsNothingOfTheTitles() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(3).block(4, 4);
        EngineTestBed.Run run = run(script, AspdMode.PARALLEL, 7, List.of());
        assertThat(run.result().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(run.result().tokenIds()).hasSize(7);
        assertThat(run.result().structure().hasBlocks()).isFalse();
        assertThat(run.result().text()).isEqualTo(bed.tokenizer.decode(Arrays.copyOf(run.result().tokenIds(), 3)));
        assertThat(run.streamed()).isEqualTo(run.result().text());
    }

    @Test
    void aBranchThatNeverEndsIsClosedAtThePerBranchCap() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(2).block(1000, 1000, 3).text(2).eos();
        GenerationRequest request = new GenerationRequest(prompt, 500, SamplingParams.greedy(), List.of(),
                AspdMode.PARALLEL, 8, 6, -1);
        GenerationResult result = bed.decode(request, 1, script.build()).result();
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        List<AspdDocument.Block> blocks = result.structure().blocks();
        assertThat(blocks).hasSize(1);
        assertThat(count(result.tokenIds(), bed.ids.branchEnd())).isEqualTo(3);
        assertThat(count(result.tokenIds(), bed.ids.paraEnd())).isEqualTo(1);
        int firstBranch = bed.flatIndexOfBranchToken(result.tokenIds(), 0, 0, 0);
        int head = bed.vocabulary.branchHead("T0").length;
        assertThat(result.tokenIds()[firstBranch + head + 6]).as("closed after 6 body tokens").isEqualTo(bed.ids.branchEnd());
    }

    @Test
    void everyBudgetCutsTheSameTokensInParallelAndSequentialMode() {
        // Branches finish in reverse order (9 > 5 > 1), so budgets fall in titles, heads, every branch, at <|/para|> and after.
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(3).block(9, 5, 1).text(3).eos();
        GenerationResult full = run(script, AspdMode.PARALLEL, 1000, List.of()).result();
        int[] all = full.tokenIds();
        int paraEnd = Arrays.stream(all).boxed().toList().indexOf(bed.ids.paraEnd());
        assertThat(paraEnd).isPositive();
        for (int budget = 1; budget <= all.length; budget++) {
            EngineTestBed.Run parallel = run(script, AspdMode.PARALLEL, budget, List.of());
            EngineTestBed.Run sequential = run(script, AspdMode.SEQUENTIAL, budget, List.of());
            GenerationResult cut = parallel.result();
            assertThat(cut.tokenIds()).as("budget %d", budget).isEqualTo(Arrays.copyOf(all, budget));
            assertThat(sequential.result().tokenIds()).as("budget %d", budget).isEqualTo(cut.tokenIds());
            assertThat(cut.text()).as("budget %d", budget).isEqualTo(sequential.result().text());
            assertThat(parallel.streamed()).isEqualTo(cut.text());
            assertThat(cut.structure().render()).as("budget %d", budget).isEqualTo(cut.text());
            assertThat(cut.finishReason()).isEqualTo(budget < all.length ? FinishReason.LENGTH : FinishReason.STOP);
        }
    }

    @Test
    void aStopStringInsideABranchEndsTheAnswerAfterTheTextBeforeItInDocumentOrder() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(3).block(12, 12, 12).text(3).eos();
        GenerationResult full = run(script, AspdMode.PARALLEL, 1000, List.of()).result();
        String secondBody = full.structure().blocks().get(0).branches().get(1).body();
        String stop = secondBody.substring(4, 7);
        String expected = full.text().substring(0, full.text().indexOf(stop));
        EngineTestBed.Run parallel = run(script, AspdMode.PARALLEL, 1000, List.of(stop));
        EngineTestBed.Run sequential = run(script, AspdMode.SEQUENTIAL, 1000, List.of(stop));
        assertThat(parallel.result().finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(parallel.result().text()).isEqualTo(expected).isEqualTo(sequential.result().text());
        assertThat(parallel.streamed()).isEqualTo(expected);
    }

    @Test
    void tooManyTitlesFallBackToDecodingBranchesOneAfterAnotherWithTheSameTokens() {
        ScriptedProbe.Builder wide = ScriptedProbe.builder(bed.vocabulary).text(2).block(3, 3, 3).text(2).eos();
        GenerationRequest capped = new GenerationRequest(prompt, 200, SamplingParams.greedy(), List.of(),
                AspdMode.PARALLEL, 2, 64, -1);
        GenerationResult fallback = bed.decode(capped, 5, wide.build()).result();
        assertThat(fallback.stats().fallbackBlocks()).isEqualTo(1);
        assertThat(fallback.structure().blocks().get(0).branches()).hasSize(3);
        assertThat(fallback.tokenIds()).isEqualTo(run(wide, AspdMode.SEQUENTIAL, 200, List.of()).result().tokenIds());
    }

    @Test
    void aTitleCannotEndBlankOrAsACopyOfAnEarlierTitle() {
        int space = bed.tokenizer.encode(" ")[0];
        int[] same = bed.tokenizer.encode("Same");
        for (int[] titleText : List.of(same, new int[] {space})) {
            TitlePusher pusher = new TitlePusher(titleText);
            GenerationResult result = bed.decode(bed.request(prompt, 120, SamplingParams.greedy(), AspdMode.PARALLEL,
                    List.of()), 1, pusher).result();
            List<String> titles = result.structure().blocks().get(0).titles();
            assertThat(titles).hasSize(2).doesNotHaveDuplicates().allSatisfy(t -> assertThat(t).isNotBlank());
            int[] ids = result.tokenIds();
            String markup = bed.tokenizer.decode(Arrays.copyOf(ids, ids.length - 1));
            assertThat(io.aspd.markup.AspdMarkupParser.isValid(markup)).as(markup).isTrue();
        }
    }

    /**
     * Writes two titles that both try to be {@code titleText} and pushes {@code <|/title|>} as soon as each has it
     * (where the grammar refuses, an "x" gets written instead), then opens the block, keeps bodies to two tokens and
     * ends: the grammar must make the titles usable.
     */
    private static final class TitlePusher implements DecodeProbe {
        private final int[] titleText;
        private final java.util.List<Integer> serial = new java.util.ArrayList<>();

        TitlePusher(int[] titleText) {
            this.titleText = titleText;
        }

        @Override
        public void observe(int block, int branch, int index, int token, float[] rawLogits) {
            if (branch < 0) {
                serial.add(token);
            }
        }

        @Override
        public void steer(int block, int branch, int index, float[] logits) {
            if (branch >= 0) {
                int head = bed.vocabulary.branchHead(titles().get(branch)).length;
                logits[index - head >= 2 ? bed.ids.branchEnd() : bed.vocabulary.eosIds()[0]] = index - head >= 2 ? 1e9f : -1e9f;
                return;
            }
            int last = serial.isEmpty() ? -1 : serial.get(serial.size() - 1);
            int titlesDone = count(serial.stream().mapToInt(Integer::intValue).toArray(), bed.ids.titleEnd());
            int force;
            if (serial.contains(bed.ids.para())) {
                force = bed.vocabulary.eosIds()[0];
            } else if (last == bed.ids.titleEnd()) {
                force = titlesDone < 2 ? bed.ids.title() : bed.ids.para();
            } else if (last == -1) {
                force = bed.ids.title();
            } else {
                int written = serial.size() - 1 - serial.lastIndexOf(bed.ids.title());
                force = written < titleText.length ? titleText[written] : bed.ids.titleEnd();
                if (force == bed.ids.titleEnd()) {
                    // second choice, taken only where the grammar refuses to end the title here
                    logits[bed.tokenizer.encode("x")[0]] = 1e8f;
                }
            }
            logits[force] = 1e9f;
        }

        private java.util.List<String> titles() {
            java.util.List<String> titles = new java.util.ArrayList<>();
            int open = -1;
            for (int i = 0; i < serial.size(); i++) {
                if (serial.get(i) == bed.ids.title()) {
                    open = i;
                } else if (serial.get(i) == bed.ids.titleEnd()) {
                    titles.add(bed.tokenizer.decode(serial.subList(open + 1, i).stream().mapToInt(Integer::intValue).toArray()));
                }
            }
            return titles;
        }
    }

    @Test
    void eosInsideABranchClosesTheBranch() {
        DecodeProbe eosInBranch = new DecodeProbe() {
            final ScriptedProbe structure = ScriptedProbe.builder(bed.vocabulary).text(2).block(50, 50).text(1).eos()
                    .build();

            @Override
            public void steer(int block, int branch, int index, float[] logits) {
                structure.steer(block, branch, index, logits);
                if (branch == 1 && index == bed.vocabulary.branchHead("T1").length + 2) {
                    logits[bed.vocabulary.eosIds()[0]] = 2e9f;
                }
            }
        };
        GenerationResult result = bed.decode(bed.request(prompt, 400, SamplingParams.greedy(), AspdMode.PARALLEL,
                List.of()), 1, eosInBranch).result();
        int second = bed.flatIndexOfBranchToken(result.tokenIds(), 0, 1, bed.vocabulary.branchHead("T1").length + 2);
        assertThat(result.tokenIds()[second]).isEqualTo(bed.ids.branchEnd());
        assertThat(count(result.tokenIds(), bed.ids.paraEnd())).isEqualTo(1);
    }

    @Test
    void modeOffNeverWritesAspdTokens() {
        DecodeProbe pushMarkup = new DecodeProbe() {
            @Override
            public void steer(int block, int branch, int index, float[] logits) {
                for (int id : new int[] {bed.ids.title(), bed.ids.para(), bed.ids.branch(), bed.ids.paraEnd()}) {
                    logits[id] = 1e9f;
                }
            }
        };
        GenerationResult result = bed.decode(bed.request(prompt, 40, SamplingParams.greedy(), AspdMode.OFF, List.of()),
                1, pushMarkup).result();
        assertThat(Arrays.stream(result.tokenIds()).noneMatch(bed.ids::isMarkup)).isTrue();
        assertThat(result.stats().blocks()).isZero();
    }

    @Test
    void statisticsCountWhatWasDecoded() {
        ScriptedProbe.Builder script = ScriptedProbe.builder(bed.vocabulary).text(4).block(6, 2, 4).text(3).eos();
        GenerationResult parallel = run(script, AspdMode.PARALLEL, 1000, List.of()).result();
        AspdStats stats = parallel.stats();
        assertThat(stats.blocks()).isEqualTo(1);
        assertThat(stats.branches()).isEqualTo(3);
        assertThat(stats.visibleTokens()).isEqualTo(4 + 6 + 2 + 4 + 3);
        assertThat(stats.generatedTokens()).isEqualTo(parallel.tokenIds().length);
        assertThat(stats.markupTokens()).isEqualTo(stats.generatedTokens() - stats.visibleTokens());
        assertThat(stats.stepRatio()).isGreaterThan(
                run(script, AspdMode.SEQUENTIAL, 1000, List.of()).result().stats().stepRatio());
        assertThat(stats.discardedTokens()).isZero();
    }
}
