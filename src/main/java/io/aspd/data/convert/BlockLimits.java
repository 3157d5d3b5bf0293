package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;
import java.util.Optional;

/**
 * Size limits every accepted block must meet (validation step 4). A body's length is counted on its visible text without
 * surrounding whitespace; a title's on its characters and its whitespace-separated words.
 */
public record BlockLimits(int maxBranches, int maxTitleChars, int maxTitleWords, int minBodyChars) {

    public BlockLimits {
        if (maxBranches < 2) {
            throw new IllegalArgumentException("max branches must be at least 2, got " + maxBranches);
        }
        if (maxTitleChars < 1 || maxTitleWords < 1) {
            throw new IllegalArgumentException("title limits must be positive, got " + maxTitleChars + " chars / "
                    + maxTitleWords + " words");
        }
        if (minBodyChars < 0) {
            throw new IllegalArgumentException("min body length must not be negative, got " + minBodyChars);
        }
    }

    /** The first limit {@code block} breaks, if any. */
    public Optional<Rejection> check(AspdDocument.Block block) {
        if (block.branches().size() > maxBranches) {
            return Optional.of(new Rejection(RejectionReason.TOO_MANY_BRANCHES,
                    block.branches().size() + " branches, at most " + maxBranches + " allowed"));
        }
        for (AspdDocument.Branch branch : block.branches()) {
            if (!titleFits(branch.title())) {
                return Optional.of(new Rejection(RejectionReason.TITLE_TOO_LONG, "title '" + branch.title()
                        + "' exceeds " + maxTitleChars + " characters or " + maxTitleWords + " words"));
            }
            if (branch.body().strip().length() < minBodyChars) {
                return Optional.of(new Rejection(RejectionReason.BODY_TOO_SHORT, "body of '" + branch.title()
                        + "' is shorter than " + minBodyChars + " characters"));
            }
        }
        return Optional.empty();
    }

    public boolean titleFits(String title) {
        return title.length() <= maxTitleChars && wordCount(title) <= maxTitleWords;
    }

    static int wordCount(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
