package io.aspd.data.rules;

import java.util.List;

/**
 * A run of sibling items that might become a block: the items of one list, consecutive bold lead-in paragraphs, or the
 * sections under sibling headings.
 *
 * @param intro the paragraph just before the run (how the answer introduces it), for the dependency heuristics
 */
record CandidateRun(Kind kind, boolean numbered, List<Item> items, String intro) {

    enum Kind {
        LIST, LEAD_INS, SECTIONS
    }

    /**
     * One item: its first and last line (the last non-blank one), the label it carries (bold lead-in or heading text,
     * or null) and its content without the list marker.
     */
    record Item(int firstLine, int lastLine, String label, String content) {
    }

    CandidateRun {
        items = List.copyOf(items);
    }

    int firstLine() {
        return items.get(0).firstLine();
    }

    int lastLine() {
        return items.get(items.size() - 1).lastLine();
    }

    String describe() {
        return items.size() + " " + switch (kind) {
            case LIST -> numbered ? "numbered items" : "list items";
            case LEAD_INS -> "lead-in paragraphs";
            case SECTIONS -> "sections";
        } + " at line " + (firstLine() + 1);
    }
}
