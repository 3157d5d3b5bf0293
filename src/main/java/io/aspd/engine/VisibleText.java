package io.aspd.engine;

import io.aspd.markup.Rendering;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The visible answer as it is produced, in document order: each stream (a serial segment or a branch body) is
 * detokenized on its own, branch bodies follow the rendering rules of {@link Rendering} (one separator before every
 * branch but the first, the space after the title's colon dropped), and stop strings are cut out last.
 * <p>
 * When log-probabilities are asked for, every piece of text carries the log-probability of the token it stands for, so
 * that the tokens join to exactly the text: a token's piece is the text it adds (a branch body's first token without
 * the dropped space); a token whose text is still incomplete (part of a multi-byte character) gets an empty piece
 * when a later token completes the text, or the rest of the text if the stream ends first; the separator between two
 * branches carries the log-probability of the token that closed the branch before it.
 */
final class VisibleText {
    private final Function<int[], String> decode;
    private final StopStringFilter stops;
    private final StringBuilder emitted = new StringBuilder();
    /** Log-probabilities of tokens of the current stream whose text the detokenizer still holds. */
    private final List<TokenLogprob> heldLogprobs = new ArrayList<>();
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
        startStream(false);
    }

    /** The first branch of a block: it follows the text before the block with nothing in between. */
    void startFirstBranch() {
        startStream(true);
    }

    /** A later branch: the separator joins it to the one before, whose closing token's log-probability it carries. */
    void startNextBranch(TokenLogprob closingLogprob) {
        endStream();
        stops.accept(new TextPiece(Rendering.BRANCH_SEPARATOR, closingLogprob));
        startStream(true);
    }

    private void startStream(boolean branchBody) {
        endStream();
        stream = new IncrementalDetokenizer(decode);
        atBodyStart = branchBody;
    }

    void token(int id, TokenLogprob logprob) {
        String text = shapeBody(stream.push(id));
        if (stream.holdsText()) {
            if (logprob != null) {
                heldLogprobs.add(logprob);
            }
            return;
        }
        releaseHeld("");
        stops.accept(new TextPiece(text, logprob));
    }

    void endStream() {
        if (stream != null) {
            releaseHeld(shapeBody(stream.flush()));
            stream = null;
        }
    }

    /** Sends the held tokens' pieces: the first carries {@code text}, the others are empty. */
    private void releaseHeld(String text) {
        String rest = text;
        for (TokenLogprob held : heldLogprobs) {
            stops.accept(new TextPiece(rest, held));
            rest = "";
        }
        heldLogprobs.clear();
        if (!rest.isEmpty()) {
            stops.accept(TextPiece.of(rest));
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
