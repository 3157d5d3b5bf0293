package io.aspd.data.convert;

import java.util.List;

/** What a {@link CandidateSource} offers for one answer: candidate markups to validate, and what it refused on the way. */
public record Proposals(List<String> candidates, List<Rejection> rejections) {
    public Proposals {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }
}
