package io.aspd.markup;

/**
 * The whitespace rules that turn ASPD markup into user-visible text (docs/aspd-method.md §2). They live here, once, so that
 * the final answer and the streamed answer (built piece by piece by the engine) can never disagree.
 * <ul>
 *   <li>Serial text is shown verbatim; nothing is added before or after a block. Training data that wants a line break
 *       around a list writes it in the serial text ({@code "...options:\n"}, {@code "\nAnything else?"}).</li>
 *   <li>A branch is written {@code <|branch|>T: body<|/branch|>}. Its head {@code T:} is markup; the single space after
 *       the colon belongs to the body's first token in byte-level BPE, so exactly one leading space is dropped from the
 *       body and everything else is kept.</li>
 *   <li>The bodies of a block are joined with one {@code "\n"}, in title order.</li>
 * </ul>
 */
public final class Rendering {
    /** What joins the bodies of one block. */
    public static final String BRANCH_SEPARATOR = "\n";
    /** What the markup puts between {@code T:} and the body; not shown. */
    public static final String BODY_PREFIX = " ";

    private Rendering() {
    }

    /** The text after {@code <|branch|>} that is forced at the start of a branch: the title and its separator. */
    public static String branchHead(String title) {
        return title + AspdTokens.TITLE_SEPARATOR;
    }

    /** The visible body of a branch, given the branch text that follows its head. */
    public static String body(String textAfterHead) {
        return textAfterHead.startsWith(BODY_PREFIX) ? textAfterHead.substring(BODY_PREFIX.length()) : textAfterHead;
    }
}
