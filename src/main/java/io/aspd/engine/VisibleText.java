package io.aspd.engine;

import io.aspd.markup.Rendering;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The visible answer as it is produced, in document order: each stream (a serial segment or a branch body) is
 * detokenized on its own, branch bodies follow the rendering rules of {@link Rendering} (one separator before every
 * branch but the first, the space after the title's colon dropped), and stop strings are cut out last.
 */
final class VisibleText {
    private final Function<int[], String> decode;
    private final StopStringFilter stops;
    private final StringBuilder emitted = new StringBuilder();
    private IncrementalDetokenizer stream;
    private boolean atBodyStart;

    VisibleText(Function<int[], String> decode, List<String> stopStrings, Consumer<TextPiece> listener) {
        this.decode = decode;
        this.stops = new StopStringFilter(stopStrings, piece -> {
            emitted.append(piece.text());
            listener.accept(piece);
        });
    }

    void startSerial() {
        endStream();
        stream = new IncrementalDetokenizer(decode);
        atBodyStart = false;
    }

    void startBranch(boolean firstOfBlock) {
        endStream();
        if (!firstOfBlock) {
            stops.accept(TextPiece.of(Rendering.BRANCH_SEPARATOR));
        }
        stream = new IncrementalDetokenizer(decode);
        atBodyStart = true;
    }

    void token(int id, TokenLogprob logprob) {
        String text = stream.push(id);
        stops.accept(new TextPiece(shapeBody(text), logprob));
    }

    void endStream() {
        if (stream != null) {
            String rest = stream.flush();
            if (!rest.isEmpty()) {
                stops.accept(TextPiece.of(shapeBody(rest)));
            }
            stream = null;
        }
    }

    /** The end of the answer: releases text held back by the stop-string check. */
    void finish() {
        endStream();
        stops.flush();
    }

    boolean stopped() {
        return stops.stopped();
    }

    /** Everything sent to the listener so far: the answer's content. */
    String text() {
        return emitted.toString();
    }

    private String shapeBody(String text) {
        if (atBodyStart && !text.isEmpty()) {
            atBodyStart = false;
            return Rendering.body(text);
        }
        return text;
    }
}
