package io.aspd.engine;

import io.aspd.markup.AspdTokenIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the serial stream stands in the response grammar: in text, or in a title list that a {@code <|para|>} will
 * turn into a block. It gives the tokens allowed next and says what each sampled token is to the answer.
 */
final class SerialGrammar {
    /** What a sampled serial token is to the answer. */
    enum Role {
        /** Visible text. */
        TEXT,
        /** Markup of a title list: never shown, and it ends the text stream before it. */
        TITLE_MARKUP,
        /** {@code <|para|>}: the pending titles become the branches of a block. */
        OPENS_BLOCK
    }

    private final EngineVocabulary vocabulary;
    private final AspdTokenIds ids;
    private final List<String> pendingTitles = new ArrayList<>();
    private final TokenList titleTokens = new TokenList();
    private Grammar.State state;

    /** @param ids the ASPD tokens, or null to decode plain text with every ASPD token banned */
    SerialGrammar(EngineVocabulary vocabulary, AspdTokenIds ids) {
        this.vocabulary = vocabulary;
        this.ids = ids;
        this.state = ids == null ? Grammar.State.OFF : Grammar.State.SERIAL_TEXT;
    }

    /** The tokens allowed next. */
    boolean[] allowed() {
        Grammar.State effective = state == Grammar.State.TITLE_TEXT && !titleClosable() ? Grammar.State.TITLE_START : state;
        return vocabulary.grammar().allowed(effective, pendingTitles.size());
    }

    /** Whether the stream is in answer text, not inside a title list. */
    boolean inText() {
        return state == Grammar.State.SERIAL_TEXT || state == Grammar.State.OFF;
    }

    /** Moves the grammar on by one sampled token (not EOS) and says what the token is. */
    Role accept(int token) {
        switch (state) {
            case OFF -> {
                return Role.TEXT;
            }
            case SERIAL_TEXT -> {
                if (token != ids.title()) {
                    return Role.TEXT;
                }
                state = Grammar.State.TITLE_START;
            }
            case TITLE_START, TITLE_TEXT -> {
                if (token == ids.titleEnd()) {
                    pendingTitles.add(vocabulary.decode(titleTokens.toArray()));
                    titleTokens.clear();
                    state = Grammar.State.AFTER_TITLE;
                } else {
                    titleTokens.add(token);
                    state = Grammar.State.TITLE_TEXT;
                }
            }
            case AFTER_TITLE -> {
                if (token == ids.para()) {
                    return Role.OPENS_BLOCK;
                }
                state = Grammar.State.TITLE_START;
            }
            case BRANCH_TEXT -> throw new IllegalStateException("serial decoding in a branch state");
        }
        return Role.TITLE_MARKUP;
    }

    /** The titles of the block that {@code <|para|>} just opened; the serial stream is back in text. */
    List<String> takeTitles() {
        List<String> titles = List.copyOf(pendingTitles);
        pendingTitles.clear();
        state = Grammar.State.SERIAL_TEXT;
        return titles;
    }

    /**
     * A title may end only when its text is something a branch can repeat: not blank, not a half-written multi-byte
     * character, and not the same as an earlier title of the list (branches are told apart by their titles). Until
     * then the model has to keep writing the title.
     */
    private boolean titleClosable() {
        String title = vocabulary.decode(titleTokens.toArray());
        return !title.isBlank() && title.indexOf('\uFFFD') < 0 && !pendingTitles.contains(title);
    }
}
