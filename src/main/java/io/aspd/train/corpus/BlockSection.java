package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Something answered with exactly one block: a fixed list of options, the products of a family, or tips for a
 * problem. Holds the answer side (intros, branches, closing, facts) and the phrasings a multi-part question uses to
 * ask for it ({@code direct}: "How can I pay", {@code indirect}: "how I can pay"). Each branch comes in a full form
 * (the item with its detail: one to three sentences) and a brief form (its first sentence, which holds the fact),
 * so that an answer with two blocks still fits the training length.
 */
record BlockSection(String id, List<String> nouns, List<String> intros, List<Branch> branches,
                    List<Branch> briefBranches, List<String> facts, String closing, List<String> direct,
                    List<String> indirect) {

    BlockSection {
        Objects.requireNonNull(id, "id");
        nouns = List.copyOf(nouns);
        intros = List.copyOf(intros);
        branches = List.copyOf(branches);
        briefBranches = List.copyOf(briefBranches);
        facts = List.copyOf(facts);
        direct = List.copyOf(direct);
        indirect = List.copyOf(indirect);
    }

    static List<BlockSection> listings(Company company) {
        List<BlockSection> sections = new ArrayList<>();
        for (Company.ListTopic topic : company.optionTopics()) {
            sections.add(of(topic.id(), topic.nouns(), topic.intros(), topic.items(), topic.closing(), topic.direct(),
                    topic.indirect()));
        }
        for (Company.Family family : company.families()) {
            sections.add(of(family, company.productsOf(family.id())));
        }
        return sections;
    }

    static List<BlockSection> tips(Company company) {
        return company.tipLists().stream()
                .map(t -> of(t.id(), t.nouns(), t.intros(), t.items(), t.closing(), t.direct(), t.indirect()))
                .toList();
    }

    private static BlockSection of(String id, List<String> nouns, List<String> intros, List<Company.Item> items,
                                   String closing, List<String> direct, List<String> indirect) {
        List<Branch> branches = items.stream().map(i -> new Branch(i.title(), i.fullBody())).toList();
        List<Branch> brief = items.stream().map(i -> new Branch(i.title(), i.body())).toList();
        List<String> facts = items.stream().map(Company.Item::fact).toList();
        return new BlockSection(id, nouns, withCount(intros, branches.size()), branches, brief, facts, closing,
                direct, indirect);
    }

    private static BlockSection of(Company.Family family, List<Company.Product> products) {
        List<Branch> branches = products.stream()
                .map(p -> new Branch(p.name(), ProductSentences.detailed(p))).toList();
        List<Branch> brief = products.stream()
                .map(p -> new Branch(p.name(), ProductSentences.listing(p))).toList();
        List<String> facts = products.stream().map(Company.Product::priceText).toList();
        return new BlockSection(family.id(), family.nouns(), withCount(family.intros(), products.size()), branches,
                brief, facts, family.closing(), family.direct(), family.indirect());
    }

    private static List<String> withCount(List<String> intros, int count) {
        return intros.stream().map(i -> i.replace("{count}", Wording.numberWord(count))).toList();
    }

    /** Intro line, the block (brief branches when {@code brief}), and the closing line when there is one. */
    Answer.Builder appendTo(Answer.Builder answer, RandomGenerator random, boolean brief) {
        answer.line(Wording.pick(intros, random)).block(brief ? briefBranches : branches);
        if (closing != null) {
            answer.line(closing);
        }
        return answer;
    }
}
