package io.aspd.train.corpus;

import java.util.function.Function;

/** Which text of an answer goes into the assistant message. */
public enum AnswerForm {
    /** ASPD markup, for serial-parallel training. */
    MARKUP(Answer::markup),
    /** Rendered for the user, for the serial-only baseline trained on the same answers. */
    PLAIN(Answer::plain);

    private final Function<Answer, String> content;

    AnswerForm(Function<Answer, String> content) {
        this.content = content;
    }

    public String content(Answer answer) {
        return content.apply(answer);
    }
}
