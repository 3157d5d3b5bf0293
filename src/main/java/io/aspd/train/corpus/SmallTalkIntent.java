package io.aspd.train.corpus;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Greetings and thanks: a friendly one-line reply, never a block. */
final class SmallTalkIntent extends TemplatedIntent<String> {

    private static final List<String> GREETING_TEMPLATES = List.of(
            "{phrase}",
            "{phrase}, is this Pebblenet support?",
            "{phrase}, anyone there?",
            "{phrase}, I need some help.",
            "{phrase}, can you help me?");

    private static final List<String> THANKS_TEMPLATES = List.of(
            "{phrase}",
            "{phrase}, you've been great.",
            "{phrase}, that was helpful.",
            "{phrase} for your help!",
            "{phrase}, bye!");

    private final List<String> replies;
    private final List<String> facts;

    private SmallTalkIntent(Category category, List<String> templates, List<String> phrases, List<String> replies,
                            List<String> facts) {
        super(category, "", templates, phrases, phrase -> phrase);
        this.replies = replies;
        this.facts = facts;
    }

    static SmallTalkIntent greetings(Company company) {
        Company.SmallTalk talk = company.smallTalk();
        return new SmallTalkIntent(Category.GREETING, GREETING_TEMPLATES, talk.greetings(), talk.greetingReplies(),
                talk.greetingFacts());
    }

    static SmallTalkIntent thanks(Company company) {
        Company.SmallTalk talk = company.smallTalk();
        return new SmallTalkIntent(Category.THANKS, THANKS_TEMPLATES, talk.thanks(), talk.thanksReplies(),
                talk.thanksFacts());
    }

    @Override
    protected Set<String> slotNames(String phrase) {
        return Set.of("phrase");
    }

    @Override
    protected Draft draft(String phrase, RandomGenerator random) {
        return new Draft(Map.of("phrase", phrase), Answer.serial(Wording.pick(replies, random)), facts);
    }
}
