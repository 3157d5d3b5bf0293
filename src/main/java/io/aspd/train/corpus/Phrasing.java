package io.aspd.train.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How customers word things, as read from {@code corpus/phrasing.json}: sentences around a question, synonyms,
 * common misspellings, and product names people ask for that the company does not sell. Every pool is split into a
 * training and a held-out part by the file itself, so the split is fixed, visible and independent of the seed.
 */
record Phrasing(Pool leadIns, Pool contexts, Pool closers, List<Variants> synonyms, List<Variants> misspellings,
                List<UnknownProducts> unknownProducts) {

    static final String RESOURCE = "/corpus/phrasing.json";

    Phrasing {
        Objects.requireNonNull(leadIns, "leadIns");
        Objects.requireNonNull(contexts, "contexts");
        Objects.requireNonNull(closers, "closers");
        synonyms = List.copyOf(synonyms);
        misspellings = List.copyOf(misspellings);
        unknownProducts = List.copyOf(unknownProducts);
    }

    /** Phrases used as they are: a lead-in ("Quick question:"), a context sentence, or a closer ("Thanks!"). */
    record Pool(List<String> train, List<String> heldOut) {
        Pool {
            train = nonEmptyDisjoint(train, heldOut, "pool");
            heldOut = List.copyOf(heldOut);
        }

        List<String> of(PhrasingSplit split) {
            return split == PhrasingSplit.TRAIN ? train : heldOut;
        }
    }

    /** Replacements for one word: a synonym ("router" → "modem") or a misspelling ("internet" → "interent"). */
    record Variants(String word, List<String> train, List<String> heldOut) {
        Variants {
            Objects.requireNonNull(word, "word");
            train = nonEmptyDisjoint(train, heldOut, word);
            heldOut = List.copyOf(heldOut);
        }

        List<String> of(PhrasingSplit split) {
            return split == PhrasingSplit.TRAIN ? train : heldOut;
        }
    }

    /**
     * Names a customer might use for products of a family that do not exist ("Fibre 100"); {@code kind} and
     * {@code kinds} name the family in a sentence ("an internet plan", "internet plans").
     */
    record UnknownProducts(String family, String kind, String kinds, List<String> names) {
        UnknownProducts {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(kind, family + ".kind");
            Objects.requireNonNull(kinds, family + ".kinds");
            if (names == null || names.size() < 2) {
                throw new IllegalArgumentException(family + ": at least two unknown names");
            }
            names = List.copyOf(names);
        }
    }

    static Phrasing load() {
        try (InputStream in = Phrasing.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(in, Phrasing.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> nonEmptyDisjoint(List<String> train, List<String> heldOut, String what) {
        if (train == null || train.isEmpty() || heldOut == null || heldOut.isEmpty()) {
            throw new IllegalArgumentException(what + ": both the training and the held-out part must be non-empty");
        }
        if (train.stream().anyMatch(heldOut::contains)) {
            throw new IllegalArgumentException(what + ": a phrase is in both parts");
        }
        return List.copyOf(train);
    }
}
