package io.aspd.engine;

import io.aspd.engine.constraint.OutputConstraint;
import io.aspd.engine.constraint.TokenConstraint;
import java.util.BitSet;

/**
 * The output constraint of one answer ({@link GenerationRequest#constraint()}) beside the ASPD grammar: the serial
 * stream's {@link TokenConstraint}, and the sets of allowed tokens that combine the two.
 * <p>
 * Where the constraint is active (a JSON answer from its first token; tool calls from the call marker on, or from the
 * first token under {@code tool_choice} required or named) the allowed tokens are what the grammar, the constraint and
 * plain text all allow: ASPD markup is banned, so a constrained span is decoded serially and never opens a block. EOS
 * is allowed only where the constraint may end. Before a call opens ({@code tool_choice} auto), the answer is free:
 * markup and blocks are allowed, and the constraint only watches the serial text for the marker (and keeps a token from
 * running on past the marker into something that is not a call). Title text is not watched. A branch gets its own copy
 * of the serial state, and a token that would open a call inside a branch is refused: a call belongs to the serial
 * stream, where it can be constrained to its end.
 */
final class ConstrainedSampling {
    private final OutputConstraint output;
    /** Tokens the answer may write before its EOS. */
    private final int textBudget;
    /** The serial tokens the constraint has read, to replay them into a constraint with a smaller budget. */
    private final TokenList read = new TokenList();
    /** Answer tokens the serial constraint has not read (titles, markup, blocks) when it was last built. */
    private int unread;
    private TokenConstraint serial;
    /** The ids the plain-text grammar allows: text and EOS, no ASPD markup, no ids the tokenizer lacks. */
    private final boolean[] plainText;
    private final EngineVocabulary vocabulary;
    private final BitSet mask = new BitSet();

    private ConstrainedSampling(OutputConstraint output, int textBudget, EngineVocabulary vocabulary) {
        this.output = output;
        this.textBudget = textBudget;
        this.serial = output.newConstraint(textBudget);
        this.vocabulary = vocabulary;
        this.plainText = vocabulary.grammar().allowed(Grammar.State.OFF, 0);
    }

    /**
     * The constraint of one answer whose text (EOS excluded) may take {@code textBudget} tokens, or null when the
     * request has none.
     */
    static ConstrainedSampling of(OutputConstraint constraint, int textBudget, EngineVocabulary vocabulary) {
        return constraint == null ? null : new ConstrainedSampling(constraint, textBudget, vocabulary);
    }

    /**
     * The serial tokens allowed next, given what the grammar allows; null when none is (the constraint cannot be met
     * in the tokens left).
     *
     * @param inText    false inside a title list, whose text the constraint does not watch
     * @param written   tokens of the answer so far, markup and blocks included
     */
    boolean[] serialAllowed(boolean[] grammar, boolean inText, int written) {
        if (!inText) {
            return grammar;
        }
        if (written - read.size() != unread) {
            rebuild(written - read.size());
        }
        return allowed(serial, grammar);
    }

    /** Records a sampled serial token; title text is not recorded. */
    void serialAccepted(int token, boolean inText) {
        if (inText) {
            serial.advance(token);
            read.add(token);
        }
    }

    /**
     * Titles and blocks (written in free text, before any call) took tokens the serial constraint did not read: the
     * constraint is built again with what they left of the budget and reads the serial text again, so that a call
     * opened afterwards is still closed in time. Free text absorbs any token, so the replay cannot fail.
     */
    private void rebuild(int unreadTokens) {
        unread = unreadTokens;
        serial = output.newConstraint(Math.max(0, textBudget - unreadTokens));
        for (int token : read.toArray()) {
            serial.advance(token);
        }
    }

    /** The constraint of a branch that a block opens now: the serial state, which is free text at a block. */
    TokenConstraint forBranch() {
        return serial.copy();
    }

    /** The tokens a branch may write next, given what the grammar allows; null when none is. */
    boolean[] branchAllowed(TokenConstraint branch, boolean[] grammar) {
        return allowed(branch, grammar);
    }

    /** Whether {@code token} would open a tool call in a branch at {@code branch}'s state. */
    static boolean opensCall(TokenConstraint branch, int token) {
        TokenConstraint probe = branch.copy();
        probe.advance(token);
        return probe.constrained();
    }

    private boolean[] allowed(TokenConstraint constraint, boolean[] grammar) {
        constraint.allowedTokens(mask);
        boolean constrained = constraint.constrained();
        // the constraint's budget counts the text only; EOS is the answer's own last token, allowed wherever it may end
        boolean mayEnd = constraint.canEnd();
        boolean[] allowed = new boolean[grammar.length];
        boolean any = false;
        for (int id = 0; id < grammar.length; id++) {
            // free text: the mask speaks for text and EOS only; markup and other special tokens stay as the grammar says
            boolean byConstraint = mask.get(id) || !constrained && !plainText[id] || mayEnd && vocabulary.isEos(id);
            allowed[id] = grammar[id] && byConstraint && (plainText[id] || !constrained);
            any |= allowed[id];
        }
        return any ? allowed : null;
    }
}
