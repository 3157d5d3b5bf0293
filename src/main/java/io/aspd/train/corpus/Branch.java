package io.aspd.train.corpus;

import java.util.Objects;

/**
 * One independent part of a parallel block: a short title (1 to 3 words) and a body that must make sense without
 * its siblings. The body is what the user reads; the title only appears in the markup.
 */
public record Branch(String title, String body) {

    static final int MAX_TITLE_WORDS = 3;

    public Branch {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        Answer.requireNoMarkup(title);
        Answer.requireNoMarkup(body);
        int words = title.isBlank() ? 0 : title.trim().split("\\s+").length;
        if (words < 1 || words > MAX_TITLE_WORDS || !title.equals(title.trim()) || title.contains("\n")) {
            throw new IllegalArgumentException("title must be 1 to " + MAX_TITLE_WORDS + " words on one line: '" + title + "'");
        }
        // A colon would make "T: body" ambiguous to split; the tokenizer's prefix guarantee also assumes it.
        if (title.contains(":")) {
            throw new IllegalArgumentException("title must not contain ':': '" + title + "'");
        }
        if (body.isBlank() || Character.isWhitespace(body.charAt(0)) || body.contains("\n")) {
            throw new IllegalArgumentException("body must be one line starting with text: '" + body + "'");
        }
    }
}
