package io.aspd.train.corpus;

import java.util.List;

/**
 * The six ASPD tokens (spec section 1) and the two ways this corpus writes an answer: with markup (spec section 2)
 * and rendered plain for users and for the serial-only baseline.
 *
 * <p>Whitespace rule: serial text is kept verbatim; a block renders as its branch bodies joined with a newline; nothing
 * is inserted around a block (the serial text carries the line breaks it wants).
 *
 * <p>{@link #renderPlain} is a private stand-in for the project's shared renderer ({@code io.aspd.markup}); once that
 * exists, {@link Answer#plain()} should call it on {@link Answer#markup()} instead.
 */
final class AspdMarkup {

    static final String TITLE = "<|title|>";
    static final String TITLE_END = "<|/title|>";
    static final String PARA = "<|para|>";
    static final String PARA_END = "<|/para|>";
    static final String BRANCH = "<|branch|>";
    static final String BRANCH_END = "<|/branch|>";

    static final List<String> TOKENS = List.of(TITLE, TITLE_END, PARA, PARA_END, BRANCH, BRANCH_END);

    private AspdMarkup() {
    }

    static void requirePlain(String text) {
        for (String token : TOKENS) {
            if (text.contains(token)) {
                throw new IllegalArgumentException("text must not contain markup " + token + ": '" + text + "'");
            }
        }
    }

    /** Spec section 2: titles, then {@code <|para|>}, the branches in title order, {@code <|/para|>}. */
    static String markupBlock(List<Branch> branches) {
        StringBuilder out = new StringBuilder();
        for (Branch branch : branches) {
            out.append(TITLE).append(branch.title()).append(TITLE_END);
        }
        out.append(PARA);
        for (Branch branch : branches) {
            out.append(BRANCH).append(branch.title()).append(": ").append(branch.body()).append(BRANCH_END);
        }
        return out.append(PARA_END).toString();
    }

    static String renderPlain(List<Branch> branches) {
        return String.join("\n", branches.stream().map(Branch::body).toList());
    }
}
