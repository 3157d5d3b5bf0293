package io.aspd.markup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses flat ASPD markup into an {@link AspdDocument}, enforcing the response grammar of docs/aspd-method.md §2:
 * <pre>
 * response := serial ( block serial )*
 * block    := title{n} "&lt;|para|&gt;" branch{n} "&lt;|/para|&gt;"     n &gt;= 2, titles unique
 * title_k  := "&lt;|title|&gt;" T_k "&lt;|/title|&gt;"
 * branch_k := "&lt;|branch|&gt;" T_k ":" body_k "&lt;|/branch|&gt;"   same order as the titles
 * </pre>
 * Nothing may stand between the titles, between {@code <|para|>} and the branches, or between branches. The parser is
 * strict: it is what "the markup parses" means for data validation and model evaluation.
 */
public final class AspdMarkupParser {

    private AspdMarkupParser() {
    }

    public static AspdDocument parse(String markup) {
        return new Run(markup).parse();
    }

    /** True when {@code markup} follows the grammar. */
    public static boolean isValid(String markup) {
        try {
            parse(markup);
            return true;
        } catch (AspdFormatException e) {
            return false;
        }
    }

    /** One parse over one string: a cursor and the segments found so far. */
    private static final class Run {
        private final String text;
        private int at;
        private final List<AspdDocument.Segment> segments = new ArrayList<>();

        Run(String text) {
            this.text = text;
        }

        AspdDocument parse() {
            while (at < text.length()) {
                int serialEnd = nextMarker(at);
                if (serialEnd > at) {
                    segments.add(new AspdDocument.Serial(text.substring(at, serialEnd)));
                    at = serialEnd;
                    continue;
                }
                String found = markerAt(at);
                if (!AspdTokens.TITLE.equals(found)) {
                    throw new AspdFormatException("unexpected " + found + " in serial text", at);
                }
                segments.add(block());
            }
            return new AspdDocument(segments);
        }

        private AspdDocument.Block block() {
            List<String> titles = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (AspdTokens.TITLE.equals(markerAt(at))) {
                int start = at;
                at += AspdTokens.TITLE.length();
                String title = textUntil(AspdTokens.TITLE_END, "title");
                if (title.isBlank()) {
                    throw new AspdFormatException("empty title", start);
                }
                if (!seen.add(title)) {
                    throw new AspdFormatException("duplicate title '" + title + "'", start);
                }
                titles.add(title);
            }
            if (!AspdTokens.PARA.equals(markerAt(at))) {
                throw new AspdFormatException("expected " + AspdTokens.TITLE + " or " + AspdTokens.PARA + " after a title", at);
            }
            if (titles.size() < 2) {
                throw new AspdFormatException("a block needs at least two titles, found " + titles.size(), at);
            }
            at += AspdTokens.PARA.length();
            List<AspdDocument.Branch> branches = new ArrayList<>();
            for (String title : titles) {
                if (!AspdTokens.BRANCH.equals(markerAt(at))) {
                    throw new AspdFormatException("expected " + AspdTokens.BRANCH + " for title '" + title + "'", at);
                }
                int start = at;
                at += AspdTokens.BRANCH.length();
                String branchText = textUntil(AspdTokens.BRANCH_END, "branch");
                String head = Rendering.branchHead(title);
                if (!branchText.startsWith(head)) {
                    throw new AspdFormatException("branch must start with its title '" + head + "'", start);
                }
                branches.add(new AspdDocument.Branch(title, Rendering.body(branchText.substring(head.length()))));
            }
            if (!AspdTokens.PARA_END.equals(markerAt(at))) {
                throw new AspdFormatException("expected " + AspdTokens.PARA_END + " after " + titles.size() + " branches", at);
            }
            at += AspdTokens.PARA_END.length();
            return new AspdDocument.Block(branches);
        }

        /** Plain text from the cursor up to {@code end}, which is consumed; any other marker on the way is an error. */
        private String textUntil(String end, String what) {
            int next = nextMarker(at);
            if (next == text.length()) {
                throw new AspdFormatException("unterminated " + what + ", expected " + end, at);
            }
            String found = markerAt(next);
            if (!end.equals(found)) {
                throw new AspdFormatException("unexpected " + found + " inside a " + what, next);
            }
            String content = text.substring(at, next);
            at = next + end.length();
            return content;
        }

        /** Offset of the next ASPD marker at or after {@code from}, or the end of the text. */
        private int nextMarker(int from) {
            int best = text.length();
            for (String token : AspdTokens.ALL) {
                int i = text.indexOf(token, from);
                if (i >= 0 && i < best) {
                    best = i;
                }
            }
            return best;
        }

        /** The ASPD marker starting exactly at {@code offset}, or null. */
        private String markerAt(int offset) {
            for (String token : AspdTokens.ALL) {
                if (text.startsWith(token, offset)) {
                    return token;
                }
            }
            return null;
        }
    }
}
