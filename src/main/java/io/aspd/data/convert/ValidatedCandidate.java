package io.aspd.data.convert;

import io.aspd.markup.AspdDocument;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A candidate after validation: the document with every block that passed (blocks that failed are turned back into
 * serial text), or nothing when the candidate as a whole failed or no block survived; and what was rejected.
 */
public record ValidatedCandidate(Optional<AspdDocument> document, List<Rejection> rejections) {
    public ValidatedCandidate {
        Objects.requireNonNull(document, "document");
        document.ifPresent(d -> {
            if (!d.hasBlocks()) {
                throw new IllegalArgumentException("an accepted candidate has at least one block");
            }
        });
        rejections = List.copyOf(rejections);
    }

    static ValidatedCandidate rejected(Rejection rejection) {
        return new ValidatedCandidate(Optional.empty(), List.of(rejection));
    }
}
