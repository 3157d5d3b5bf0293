package io.aspd.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds stop strings in the visible text, across token and piece boundaries, and never lets any part of one reach the
 * client: text that could still be the start of a stop string is held back until it is known not to be. Text after a
 * stop string is dropped. Works on the document-order stream, so a stop string inside branch k ends the answer after
 * everything that precedes it in the rendered document.
 * <p>
 * A piece that carries a token's log-probability is held back whole rather than split, so that the token's text stays
 * in one piece (one logprob entry, one chunk); only the stop string itself cuts such a piece, and what follows it is
 * dropped.
 */
final class StopStringFilter {
    private final List<String> stops;
    private final Consumer<TextPiece> downstream;
    private final List<TextPiece> held = new ArrayList<>();
    private final StringBuilder heldText = new StringBuilder();
    private boolean stopped;

    StopStringFilter(List<String> stops, Consumer<TextPiece> downstream) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
        this.downstream = downstream;
    }

    boolean stopped() {
        return stopped;
    }

    void accept(TextPiece piece) {
        if (stopped || piece.text().isEmpty() && piece.logprob() == null) {
            return;
        }
        held.add(piece);
        heldText.append(piece.text());
        int match = firstMatch();
        if (match >= 0) {
            release(match, true);
            held.clear();
            heldText.setLength(0);
            stopped = true;
            return;
        }
        release(heldText.length() - longestStopPrefixSuffix(), false);
    }

    /** The end of the answer: what was held back was not a stop string after all. */
    void flush() {
        if (!stopped) {
            release(heldText.length(), false);
        }
    }

    private int firstMatch() {
        int first = -1;
        for (String stop : stops) {
            int at = heldText.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** Length of the longest end of the held text that is the beginning of some stop string. */
    private int longestStopPrefixSuffix() {
        int best = 0;
        String held = heldText.toString();
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, held.length()); len > best; len--) {
                if (stop.regionMatches(0, held, held.length() - len, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    /**
     * Sends up to the first {@code chars} characters of held text downstream. A piece that straddles that point is split
     * if it carries no log-probability or if {@code atStop} (the rest is about to be dropped), and held whole otherwise.
     */
    private void release(int chars, boolean atStop) {
        int released = 0;
        while (!held.isEmpty() && released + held.get(0).text().length() <= chars) {
            TextPiece piece = held.remove(0);
            released += piece.text().length();
            downstream.accept(piece);
        }
        int remaining = chars - released;
        if (remaining > 0 && (atStop || held.get(0).logprob() == null)) {
            TextPiece partial = held.get(0);
            downstream.accept(new TextPiece(partial.text().substring(0, remaining), partial.logprob()));
            held.set(0, TextPiece.of(partial.text().substring(remaining)));
            released = chars;
        }
        heldText.delete(0, released);
    }
}
