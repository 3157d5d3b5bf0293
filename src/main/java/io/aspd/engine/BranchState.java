package io.aspd.engine;

import io.aspd.engine.constraint.TokenConstraint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One branch of an open block: its tokens in document order (forced head, body, closing tag), how many of them are in
 * the KV cache, and its own sampler and history.
 */
final class BranchState {
    final int number;
    final int group;
    final String title;
    final Sampler sampler;
    final TokenHistory history;
    /** This branch's state of the answer's output constraint; null when the answer has none. */
    final TokenConstraint constraint;
    private final int branchEnd;
    private int[] tokens = new int[32];
    private int size;
    private int headLength = -1;
    private int fed;
    private boolean cut;
    private final List<TokenLogprob> bodyLogprobs = new ArrayList<>();
    private TokenLogprob closingLogprob;

    BranchState(int number, int group, String title, Sampler sampler, TokenHistory history, TokenConstraint constraint,
                int branchEnd) {
        this.number = number;
        this.group = group;
        this.title = title;
        this.sampler = sampler;
        this.history = history;
        this.constraint = constraint;
        this.branchEnd = branchEnd;
    }

    boolean started() {
        return headLength >= 0;
    }

    /** Not started yet and not cut: a schedule may still start it. */
    boolean isStartable() {
        return !started() && !cut;
    }

    void start(int[] head) {
        for (int token : head) {
            append(token);
        }
        headLength = head.length;
    }

    /** Adds a body token (or the closing tag) with its log-probability, if any was computed. */
    void add(int token, TokenLogprob logprob) {
        append(token);
        if (token == branchEnd) {
            closingLogprob = logprob;
        } else {
            bodyLogprobs.add(logprob);
        }
    }

    private void append(int token) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
        }
        tokens[size++] = token;
    }

    /** Stops the branch: its next token would fall beyond the answer's budget (or the answer ended). */
    void cut() {
        cut = true;
    }

    boolean isCut() {
        return cut;
    }

    /** The closing tag has been written (it may still wait to be fed). */
    boolean isClosed() {
        return size > 0 && tokens[size - 1] == branchEnd && size > headLength;
    }

    /** No more tokens will be added: closed or cut. */
    boolean isFinished() {
        return cut || isClosed();
    }

    /** Still sampling. */
    boolean isRunning() {
        return started() && !isFinished();
    }

    /** Tokens so far in document order, head and closing tag included. */
    int length() {
        return size;
    }

    int token(int index) {
        return tokens[index];
    }

    int headLength() {
        return headLength;
    }

    int bodyLength() {
        return size - headLength - (isClosed() ? 1 : 0);
    }

    int bodyToken(int index) {
        return tokens[headLength + index];
    }

    TokenLogprob bodyLogprob(int index) {
        return bodyLogprobs.get(index);
    }

    /** The log-probability of the token that closed the branch, if any was computed. */
    TokenLogprob closingLogprob() {
        return closingLogprob;
    }

    int fedCount() {
        return fed;
    }

    void markFed(int count) {
        fed += count;
    }

    int[] tokens() {
        return Arrays.copyOf(tokens, size);
    }
}
