package io.aspd.engine;

import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdTokenIds;
import io.aspd.markup.Rendering;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the structure of an answer from its flat tokens: serial text, and for every block its titles and branch
 * bodies. Unlike the strict markup parser it accepts what the engine legitimately produces when the budget ends an
 * answer early: a title list cut off (not shown) and a block cut inside a branch (the branches so far). Rendering the
 * result gives the answer's visible text (before any stop string).
 */
final class StructureReader {
    private StructureReader() {
    }

    static AspdDocument read(int[] tokens, AspdTokenIds ids, EngineVocabulary vocabulary) {
        List<AspdDocument.Segment> segments = new ArrayList<>();
        TokenList run = new TokenList();
        int i = 0;
        while (i < tokens.length) {
            int token = tokens[i];
            if (ids == null || token != ids.title()) {
                if (!vocabulary.isEos(token)) {
                    run.add(token);
                }
                i++;
                continue;
            }
            addSerial(segments, run, vocabulary);
            List<String> titles = new ArrayList<>();
            while (i < tokens.length && tokens[i] == ids.title()) {
                int end = indexOf(tokens, ids.titleEnd(), i + 1);
                titles.add(vocabulary.decode(slice(tokens, i + 1, end)));
                i = end + 1;
            }
            if (i >= tokens.length || tokens[i] != ids.para()) {
                break;
            }
            i++;
            List<AspdDocument.Branch> branches = new ArrayList<>();
            while (i < tokens.length && tokens[i] == ids.branch() && branches.size() < titles.size()) {
                int end = indexOf(tokens, ids.branchEnd(), i + 1);
                String title = titles.get(branches.size());
                String text = vocabulary.decode(slice(tokens, i + 1, end));
                String head = Rendering.branchHead(title);
                branches.add(new AspdDocument.Branch(title,
                        Rendering.body(text.startsWith(head) ? text.substring(head.length()) : "")));
                i = end + 1;
            }
            if (!branches.isEmpty()) {
                segments.add(new AspdDocument.Block(branches));
            }
            if (i < tokens.length && tokens[i] == ids.paraEnd()) {
                i++;
            }
        }
        addSerial(segments, run, vocabulary);
        return new AspdDocument(segments);
    }

    private static void addSerial(List<AspdDocument.Segment> segments, TokenList run, EngineVocabulary vocabulary) {
        if (run.size() > 0) {
            segments.add(new AspdDocument.Serial(vocabulary.decode(run.toArray())));
            run.clear();
        }
    }

    /** Index of {@code token} at or after {@code from}, or the end of the array when it never comes. */
    private static int indexOf(int[] tokens, int token, int from) {
        for (int i = from; i < tokens.length; i++) {
            if (tokens[i] == token) {
                return i;
            }
        }
        return tokens.length;
    }

    private static int[] slice(int[] tokens, int from, int to) {
        int[] out = new int[Math.max(0, to - from)];
        System.arraycopy(tokens, from, out, 0, out.length);
        return out;
    }
}
