package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * "Compare Fibre 100 and Fibre 500." about products that do not exist: a polite correction that says so and names
 * the real products of that family with their prices, instead of answering about something else. Entities are one
 * unknown name, two unknown names of a family, or an unknown name next to a real product of its family.
 */
final class UnknownProductIntent extends TemplatedIntent<UnknownProductIntent.Mention> {

    /** What the customer named: {@code unknown} does not exist, {@code other} is a second name or null. */
    record Mention(Phrasing.UnknownProducts family, String unknown, String other, boolean otherIsReal,
                   List<Company.Product> real) {
        String id() {
            return "unknown:" + unknown + (other == null ? "" : "+" + other);
        }
    }

    private static final List<String> TEMPLATES = List.of(
            "Tell me about {x}.",
            "How much is {x}?",
            "Do you have {x}?",
            "Compare {x} and {y}.",
            "What's the difference between {x} and {y}?");

    private static final List<String> CLOSINGS = List.of(
            "Would you like to know more about one of them?",
            "I'm happy to tell you more about any of them.",
            "I can compare any of them for you.");

    UnknownProductIntent(Company company, Phrasing phrasing) {
        super(Category.FACT, "unknown", TEMPLATES, mentions(company, phrasing), Mention::id);
    }

    private static List<Mention> mentions(Company company, Phrasing phrasing) {
        List<Mention> mentions = new ArrayList<>();
        for (Phrasing.UnknownProducts family : phrasing.unknownProducts()) {
            List<Company.Product> real = company.productsOf(family.family());
            List<String> names = family.names();
            for (int i = 0; i < names.size(); i++) {
                mentions.add(new Mention(family, names.get(i), null, false, real));
                if (i + 1 < names.size()) {
                    mentions.add(new Mention(family, names.get(i), names.get(i + 1), false, real));
                }
                mentions.add(new Mention(family, names.get(i), real.get(i % real.size()).name(), true, real));
            }
        }
        return mentions;
    }

    @Override
    protected Set<String> slotNames(Mention mention) {
        return mention.other() == null ? Set.of("x") : Set.of("x", "y");
    }

    @Override
    protected Draft draft(Mention mention, RandomGenerator random) {
        Phrasing.UnknownProducts family = mention.family();
        String correction;
        if (mention.other() == null) {
            correction = "Sorry, we don't have " + family.kind() + " called " + mention.unknown() + ".";
        } else if (mention.otherIsReal()) {
            correction = mention.other() + " is one of our " + family.kinds() + ", but we don't have "
                    + family.kind() + " called " + mention.unknown() + ".";
        } else {
            correction = "Sorry, we don't have " + family.kinds() + " called " + mention.unknown() + " or "
                    + mention.other() + ".";
        }
        List<String> listed = mention.real().stream().map(p -> p.name() + " (" + p.priceText() + ")").toList();
        String answer = correction + " Our " + family.kinds() + " are " + Wording.joinAnd(listed) + ". "
                + Wording.pick(CLOSINGS, random);
        List<String> facts = new ArrayList<>(List.of(mention.unknown()));
        mention.real().forEach(p -> facts.add(p.name()));
        boolean swap = mention.other() != null && random.nextBoolean();
        Map<String, String> slots = mention.other() == null
                ? Map.of("x", mention.unknown())
                : Map.of("x", swap ? mention.other() : mention.unknown(), "y", swap ? mention.unknown() : mention.other());
        return new Draft(slots, Answer.serial(answer), facts);
    }
}
