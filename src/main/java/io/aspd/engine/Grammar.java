package io.aspd.engine;

import io.aspd.markup.AspdTokenIds;
import java.util.Arrays;

/**
 * The response grammar of docs/aspd-method.md §6 as sets of allowed next tokens, one per decoding state, computed once
 * per model. Constraining the sampler (rather than repairing output afterwards) means every response the engine
 * writes parses.
 * <ul>
 *   <li>serial text: text, EOS, or {@code <|title|>} to start a title list;</li>
 *   <li>right after {@code <|title|>}: text only (no empty titles);</li>
 *   <li>inside a title: text or {@code <|/title|>};</li>
 *   <li>after {@code <|/title|>}: {@code <|title|>}, or {@code <|para|>} once at least two titles are pending;</li>
 *   <li>inside a branch: text or {@code <|/branch|>}; EOS is allowed too and means {@code <|/branch|>};</li>
 *   <li>mode {@code off}: text or EOS, every ASPD token banned.</li>
 * </ul>
 * "Text" is every id of the tokenizer's vocabulary that is not a special token; ids the model has but the tokenizer
 * does not (padded embedding rows) are never allowed.
 */
final class Grammar {
    enum State { SERIAL_TEXT, TITLE_START, TITLE_TEXT, AFTER_TITLE, BRANCH_TEXT, OFF }

    private final boolean[] serialText;
    private final boolean[] titleStart;
    private final boolean[] titleText;
    private final boolean[] afterOneTitle;
    private final boolean[] afterTitles;
    private final boolean[] branchText;
    private final boolean[] off;

    Grammar(boolean[] text, int[] eos, AspdTokenIds ids) {
        off = allow(text, eos);
        if (ids == null) {
            serialText = titleStart = titleText = afterOneTitle = afterTitles = branchText = off;
            return;
        }
        serialText = allow(text, eos, ids.title());
        titleStart = text.clone();
        titleText = allow(text, new int[0], ids.titleEnd());
        afterOneTitle = allow(new boolean[text.length], new int[0], ids.title());
        afterTitles = allow(new boolean[text.length], new int[0], ids.title(), ids.para());
        branchText = allow(text, eos, ids.branchEnd());
    }

    boolean[] allowed(State state, int pendingTitles) {
        return switch (state) {
            case SERIAL_TEXT -> serialText;
            case TITLE_START -> titleStart;
            case TITLE_TEXT -> titleText;
            case AFTER_TITLE -> pendingTitles >= 2 ? afterTitles : afterOneTitle;
            case BRANCH_TEXT -> branchText;
            case OFF -> off;
        };
    }

    private static boolean[] allow(boolean[] base, int[] eos, int... extra) {
        boolean[] allowed = Arrays.copyOf(base, base.length);
        for (int id : eos) {
            allowed[id] = true;
        }
        for (int id : extra) {
            allowed[id] = true;
        }
        return allowed;
    }
}
