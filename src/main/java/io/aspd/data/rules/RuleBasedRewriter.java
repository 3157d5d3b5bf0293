package io.aspd.data.rules;

import io.aspd.data.convert.BlockLimits;
import io.aspd.data.convert.CandidateSource;
import io.aspd.data.convert.Proposals;
import io.aspd.data.convert.Rejection;
import io.aspd.data.convert.RejectionReason;
import io.aspd.markup.AspdDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proposes ASPD markup for an answer without any LLM, from its markdown structure.
 *
 * <h2>What becomes a candidate block</h2>
 * <ul>
 *   <li>A <b>list</b>: two or more sibling items with the same marker at the same indentation ({@code -}, {@code *},
 *       {@code +}, or {@code 1.} / {@code 1)}). An item runs over its indented lines, nested lists and code fences;
 *       any other non-indented line ends the list. (CommonMark would let an unindented line directly under an item
 *       continue it; answers use such a line for a closing remark about all items, which must not become part of the
 *       last branch.)</li>
 *   <li><b>Lead-in paragraphs</b>: two or more consecutive paragraphs that start with {@code **Label:**} (or
 *       {@code **Label**:}); a paragraph keeps the lines, lists and indented text that follow it.</li>
 *   <li><b>Headed sections</b>: the sections under two or more sibling markdown headings of the highest level present;
 *       the last one runs to the end of the answer or to a thematic break ({@code ---}).</li>
 * </ul>
 * Outer structure is tried first. A refused run is searched inside (the sub-lists of its items), an accepted one is not,
 * because blocks do not nest. Each run is refused when {@link DependencyHeuristics} sees a dependency, or when it breaks
 * the {@link BlockLimits} (then its inside is searched too).
 *
 * <h2>How text is cut, so that rendering restores the answer exactly</h2>
 * Rendering joins the bodies of a block with one {@code "\n"} and adds nothing around a block. So the text before a run,
 * with its final line break, stays serial; each branch body is its item verbatim from its first character (list marker,
 * bold lead-in or heading included) up to the line break before the next item, which the rendering puts back (blank lines
 * between items of a loose list stay at the end of a body); the last body ends with its last non-blank line, and
 * everything after it, line break included, is serial again. {@code render()} of the result is the answer character for
 * character, which the tests check over every fixture.
 *
 * <h2>Limits</h2>
 * This is markdown pattern matching, not understanding. It finds no parallelism in prose, tables or unmarked paragraphs;
 * it misses dependencies that no cue word shows (an item that silently assumes another was done), and it refuses some
 * independent runs whose items happen to start with "Now", "Finally", a pronoun or a procedural verb, or whose intro says
 * "steps". The last section of a headed answer swallows a closing paragraph that has no heading of its own. Titles are
 * the first words of an item, which are not always the best summary.
 */
public final class RuleBasedRewriter implements CandidateSource {
    private final BlockLimits limits;
    private final TitleMaker titles;

    public RuleBasedRewriter(BlockLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.titles = new TitleMaker(limits);
    }

    @Override
    public Proposals propose(String question, String answer) {
        MarkdownLines lines = MarkdownLines.of(answer);
        StructureFinder finder = new StructureFinder(answer, lines, run -> assess(answer, lines, run)).scanAll();
        if (finder.accepted().isEmpty()) {
            List<Rejection> rejections = finder.runsSeen() > 0 ? finder.refusals()
                    : List.of(new Rejection(RejectionReason.NO_CANDIDATE, "no list, lead-in paragraphs or sections"));
            return new Proposals(List.of(), rejections);
        }
        return new Proposals(List.of(assemble(answer, lines, finder.accepted()).markup()), finder.refusals());
    }

    private Optional<Rejection> assess(String answer, MarkdownLines lines, CandidateRun run) {
        Optional<String> dependency = DependencyHeuristics.findDependency(run);
        if (dependency.isPresent()) {
            return Optional.of(new Rejection(RejectionReason.DEPENDENT, run.describe() + ": " + dependency.get()));
        }
        return limits.check(block(answer, lines, run))
                .map(r -> new Rejection(r.reason(), run.describe() + ": " + r.detail()));
    }

    private AspdDocument assemble(String answer, MarkdownLines lines, List<CandidateRun> runs) {
        List<AspdDocument.Segment> segments = new ArrayList<>();
        int cursor = 0;
        for (CandidateRun run : runs) {
            addSerial(segments, answer.substring(cursor, lines.get(run.firstLine()).start()));
            segments.add(block(answer, lines, run));
            cursor = lines.get(run.lastLine()).end();
        }
        addSerial(segments, answer.substring(cursor));
        return new AspdDocument(segments);
    }

    private static void addSerial(List<AspdDocument.Segment> segments, String text) {
        if (!text.isEmpty()) {
            segments.add(new AspdDocument.Serial(text));
        }
    }

    /** Bodies cut as the class comment describes, titled by {@link TitleMaker}. */
    private AspdDocument.Block block(String answer, MarkdownLines lines, CandidateRun run) {
        List<CandidateRun.Item> items = run.items();
        List<String> names = titles.titles(items);
        List<AspdDocument.Branch> branches = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            int start = lines.get(items.get(k).firstLine()).start();
            int end = k + 1 < items.size() ? lines.get(items.get(k + 1).firstLine()).start() - 1
                    : lines.get(items.get(k).lastLine()).end();
            branches.add(new AspdDocument.Branch(names.get(k), answer.substring(start, end)));
        }
        return new AspdDocument.Block(branches);
    }
}
