package io.aspd.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aspd.engine.AspdStats;
import io.aspd.engine.GenerationResult;
import io.aspd.markup.AspdDocument;
import java.util.ArrayList;
import java.util.List;

/**
 * The response's {@code aspd} field: what ASPD did for the whole request (summed over its choices, like
 * {@code usage}), and, when asked for, the structure of each answer.
 *
 * @param parallelShare share of generated tokens decoded inside parallel branches
 * @param stepRatio     visible tokens per decoding forward pass
 * @param structure     per choice, only with {@code aspd.include_structure}
 */
public record AspdSummary(int blocks, int branches, int forwardPasses, int visibleTokens, int markupTokens,
                          double parallelShare, double stepRatio,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ChoiceStructure> structure) {

    /** The structure of one answer: serial text and blocks, in document order. */
    public record ChoiceStructure(int index, List<Segment> segments) {
    }

    /** {@code {"type":"serial","text":...}} or {@code {"type":"block","branches":[{"title","text"}...]}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Segment(String type, String text, List<Branch> branches) {
    }

    public record Branch(String title, String text) {
    }

    /** Sums the statistics of the results, given in choice order. */
    static AspdSummary of(List<GenerationResult> results, boolean includeStructure) {
        int blocks = 0;
        int branches = 0;
        int forwards = 0;
        int visible = 0;
        int generated = 0;
        int branchTokens = 0;
        for (GenerationResult result : results) {
            AspdStats stats = result.stats();
            blocks += stats.blocks();
            branches += stats.branches();
            forwards += stats.forwardPasses();
            visible += stats.visibleTokens();
            generated += stats.generatedTokens();
            branchTokens += stats.branchTokens();
        }
        List<ChoiceStructure> structure = null;
        if (includeStructure) {
            structure = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                structure.add(new ChoiceStructure(i, segments(results.get(i).structure())));
            }
        }
        return new AspdSummary(blocks, branches, forwards, visible, Math.max(0, generated - visible),
                generated == 0 ? 0 : (double) branchTokens / generated, forwards == 0 ? 0 : (double) visible / forwards,
                structure);
    }

    private static List<Segment> segments(AspdDocument document) {
        return document.segments().stream().map(segment -> {
            if (segment instanceof AspdDocument.Block block) {
                return new Segment("block", null, block.branches().stream()
                        .map(b -> new Branch(b.title(), b.body())).toList());
            }
            return new Segment("serial", ((AspdDocument.Serial) segment).text(), null);
        }).toList();
    }
}
