package io.aspd.data.rules;

import io.aspd.data.convert.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds candidate runs in an answer, outermost first, and lets an assessor accept or refuse each. Headed sections are
 * tried before the lists inside them; when a run is refused, the inside of each of its items is searched instead, so a
 * dependent procedure whose steps each hold an independent sub-list still yields those sub-lists. Blocks never nest:
 * nothing inside an accepted run is searched.
 */
final class StructureFinder {
    private static final Pattern LEADING_BOLD = Pattern.compile("^(\\*\\*|__)(.+?)\\1");
    private static final Pattern NUMBERED_HEADING = Pattern.compile("^(\\d+[.):]|step\\b)", Pattern.CASE_INSENSITIVE);
    private static final int INTRO_LINES = 3;

    private final String text;
    private final MarkdownLines lines;
    private final Function<CandidateRun, Optional<Rejection>> assessor;
    private final List<CandidateRun> accepted = new ArrayList<>();
    private final List<Rejection> refusals = new ArrayList<>();
    private int runsSeen;

    StructureFinder(String text, MarkdownLines lines, Function<CandidateRun, Optional<Rejection>> assessor) {
        this.text = text;
        this.lines = lines;
        this.assessor = assessor;
    }

    /** Searches the whole answer. */
    StructureFinder scanAll() {
        scan(0, lines.size());
        return this;
    }

    /** Accepted runs in document order. */
    List<CandidateRun> accepted() {
        return accepted;
    }

    List<Rejection> refusals() {
        return refusals;
    }

    int runsSeen() {
        return runsSeen;
    }

    private void scan(int from, int to) {
        if (from >= to) {
            return;
        }
        int level = 7;
        for (int i = from; i < to; i++) {
            int l = lines.headingLevel(i);
            if (l > 0 && l < level) {
                level = l;
            }
        }
        if (level <= 6) {
            scanSections(from, to, level);
        } else {
            scanListsAndLeadIns(from, to);
        }
    }

    private void scanSections(int from, int to, int level) {
        List<Integer> heads = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (lines.headingLevel(i) == level) {
                heads.add(i);
            }
        }
        int lastHead = heads.get(heads.size() - 1);
        int end = to;
        for (int i = lastHead + 1; i < to; i++) {
            if (lines.isThematicBreak(i)) {
                end = i;
                break;
            }
        }
        scan(from, heads.get(0));
        if (heads.size() == 1) {
            scan(lastHead + 1, end);
        } else {
            List<CandidateRun.Item> items = new ArrayList<>();
            List<int[]> insides = new ArrayList<>();
            int numberedHeads = 0;
            for (int k = 0; k < heads.size(); k++) {
                int head = heads.get(k);
                int next = k + 1 < heads.size() ? heads.get(k + 1) : end;
                String heading = lines.headingText(head);
                if (NUMBERED_HEADING.matcher(heading).find()) {
                    numberedHeads++;
                }
                int last = lines.lastContentLine(head, next);
                items.add(new CandidateRun.Item(head, last, heading, textOf(head, 0, last)));
                insides.add(new int[] {head + 1, next});
            }
            consider(new CandidateRun(CandidateRun.Kind.SECTIONS, 2 * numberedHeads >= heads.size(), items,
                    introBefore(heads.get(0))), insides);
        }
        scan(end, to);
    }

    private void scanListsAndLeadIns(int from, int to) {
        int i = from;
        while (i < to) {
            Optional<MarkdownLines.ListMarker> marker = lines.listMarker(i);
            if (marker.isPresent()) {
                i = list(i, to, marker.get());
                continue;
            }
            if (lines.leadIn(i).isPresent()) {
                CandidateRun run = leadIns(i, to);
                if (run.items().size() >= 2) {
                    consider(run, insidesOf(run));
                    i = run.lastLine() + 1;
                    continue;
                }
            }
            i++;
        }
    }

    /** Collects the list starting at line {@code first} and considers it; returns the line after it. */
    private int list(int first, int to, MarkdownLines.ListMarker marker) {
        List<CandidateRun.Item> items = new ArrayList<>();
        int item = first;
        while (true) {
            MarkdownLines.ListMarker current = marker;
            ItemExtent extent = extent(item, to,
                    j -> lines.listMarker(j).filter(other -> other.sameListAs(current)).isPresent(),
                    j -> lines.get(j).indent() > current.indent());
            String content = textOf(item, marker.contentOffset(), extent.last());
            Matcher bold = LEADING_BOLD.matcher(content);
            String label = bold.find() ? bold.group(2) : null;
            items.add(new CandidateRun.Item(item, extent.last(), label, content));
            if (!extent.siblingFollows()) {
                break;
            }
            item = extent.next();
            marker = lines.listMarker(item).orElseThrow();
        }
        CandidateRun run = new CandidateRun(CandidateRun.Kind.LIST, marker.numbered(), items, introBefore(first));
        if (items.size() >= 2) {
            consider(run, insidesOf(run));
        } else {
            scan(first + 1, run.lastLine() + 1);
        }
        return run.lastLine() + 1;
    }

    /** Consecutive paragraphs that start with a bold lead-in; a lead-in's paragraph may hold a list or indented text. */
    private CandidateRun leadIns(int first, int to) {
        List<CandidateRun.Item> items = new ArrayList<>();
        int item = first;
        while (true) {
            ItemExtent extent = extent(item, to, j -> lines.leadIn(j).isPresent(), this::belongsToLeadIn);
            items.add(new CandidateRun.Item(item, extent.last(), lines.leadIn(item).orElseThrow(),
                    textOf(item, 0, extent.last())));
            if (!extent.siblingFollows()) {
                break;
            }
            item = extent.next();
        }
        return new CandidateRun(CandidateRun.Kind.LEAD_INS, false, items, introBefore(first));
    }

    /** Where an item ends: its last line, the line after it, and whether that line starts the item's next sibling. */
    private record ItemExtent(int last, int next, boolean siblingFollows) {
    }

    /**
     * Walks the lines after the item's first: blank lines and lines of a fence the item opened are passed over, a line
     * that starts a sibling or does not belong to the item ends it.
     */
    private ItemExtent extent(int item, int to, IntPredicate startsSibling, IntPredicate belongsToItem) {
        int last = item;
        int j = item + 1;
        while (j < to) {
            MarkdownLines.Line line = lines.get(j);
            if (line.isBlank() || insideAbsorbedFence(line, item, j)) {
                if (!line.isBlank()) {
                    last = j;
                }
                j++;
                continue;
            }
            if (startsSibling.test(j)) {
                return new ItemExtent(last, j, true);
            }
            if (!belongsToItem.test(j)) {
                break;
            }
            last = j;
            j++;
        }
        return new ItemExtent(last, j, false);
    }

    /** A lead-in's paragraph goes on until a heading or rule, or a paragraph of its own that is not indented. */
    private boolean belongsToLeadIn(int j) {
        boolean structural = lines.headingLevel(j) > 0 || lines.isThematicBreak(j);
        boolean continues = !lines.get(j - 1).isBlank() || lines.get(j).indent() >= 2 || lines.listMarker(j).isPresent();
        return !structural && continues;
    }

    /**
     * A line inside a code fence whose opening line already belongs to the item (it lies between the item's first line
     * and this one; an opening line that did not belong would have ended the item).
     */
    private static boolean insideAbsorbedFence(MarkdownLines.Line line, int item, int current) {
        return line.inFence() && line.fenceOpenedAt() > item && line.fenceOpenedAt() < current;
    }

    private void consider(CandidateRun run, List<int[]> insides) {
        runsSeen++;
        Optional<Rejection> refusal = assessor.apply(run);
        if (refusal.isEmpty()) {
            accepted.add(run);
            return;
        }
        refusals.add(refusal.get());
        insides.forEach(range -> scan(range[0], range[1]));
    }

    private static List<int[]> insidesOf(CandidateRun run) {
        return run.items().stream().map(item -> new int[] {item.firstLine() + 1, item.lastLine() + 1}).toList();
    }

    /** Text from column {@code column} of line {@code first} to the end of line {@code last}. */
    private String textOf(int first, int column, int last) {
        return text.substring(lines.get(first).start() + column, lines.get(last).end());
    }

    /** Up to {@value #INTRO_LINES} lines of the paragraph before {@code line}, not crossing a heading. */
    private String introBefore(int line) {
        int i = line - 1;
        while (i >= 0 && lines.get(i).isBlank()) {
            i--;
        }
        int last = i;
        while (i >= 0 && !lines.get(i).isBlank() && lines.headingLevel(i) == 0 && last - i < INTRO_LINES) {
            i--;
        }
        return i == last ? "" : textOf(i + 1, 0, last);
    }
}
