package io.aspd.train.corpus;

import java.util.List;

/** A generated corpus: training records and held-out records from disjoint (entity, template) pairs. */
public record Corpus(List<CorpusRecord> train, List<CorpusRecord> heldOut) {
    public Corpus {
        train = List.copyOf(train);
        heldOut = List.copyOf(heldOut);
    }
}
