package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;
import java.util.List;
import java.util.Objects;

/**
 * The result for one answer: the document chosen (serial when nothing passed), the text to train on, its score and every
 * rejection seen on the way.
 */
public record Conversion(AspdDocument document, String trainingText, CandidateScore score, List<Rejection> rejections) {
    public Conversion {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(trainingText, "trainingText");
        Objects.requireNonNull(score, "score");
        rejections = List.copyOf(rejections);
    }

    /** The answer kept as it was: no markup added. */
    public static Conversion serial(String answer, List<Rejection> rejections) {
        return new Conversion(AspdDocument.serial(answer), answer, CandidateScore.SERIAL, rejections);
    }

    /** An accepted parallel document; its training text is its flat markup. */
    public static Conversion parallel(AspdDocument document, CandidateScore score, List<Rejection> rejections) {
        if (!document.hasBlocks()) {
            throw new IllegalArgumentException("a parallel conversion needs at least one block");
        }
        return new Conversion(document, document.markup(), score, rejections);
    }

    public boolean isParallel() {
        return document.hasBlocks();
    }
}
