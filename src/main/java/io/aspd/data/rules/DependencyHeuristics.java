package io.aspd.data.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cheap signals that the items of a run depend on each other. Refusing costs only some parallelism while accepting a
 * dependent block teaches the model to write a branch that cannot see what it needs, so every signal refuses on sight.
 * Items after the first are checked (the first cannot refer back to a sibling); the intro is checked once.
 * <ol>
 *   <li><b>Back references</b>: "previous", "preceding", "the above", "the last step", "step 2", "the result of",
 *       "as mentioned above", "the second one", "the former/latter".</li>
 *   <li><b>Sequence words</b> at the start of an item or of one of its sentences: "then", "next", "after that",
 *       "afterwards", "finally", "lastly", "once this is done", "now", "second(ly)"...; and "and then" anywhere.</li>
 *   <li><b>Running state</b>: an unlabelled item that starts with a pronoun ("it", "this", "they"...); running
 *       quantities ("the total", "so far", "the remaining"...); a name that one item's code defines ({@code x = },
 *       {@code def f}, {@code let y}) and a later item uses; a number that one item computes ({@code = 42}) and a later
 *       item reuses.</li>
 *   <li><b>Procedures</b>: an intro that announces an order ("steps", "in this order", "step by step",
 *       "instructions"...); for numbered runs also "how to", "follow", "process", "recipe", or at least half of the items
 *       opening with a procedural imperative ("install", "run", "click", "preheat"...).</li>
 * </ol>
 */
final class DependencyHeuristics {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final List<Pattern> BACK_REFERENCES = List.of(
            Pattern.compile("\\b(previous|preceding|prior|above|earlier|last|former|latter|aforementioned)\\s+"
                    + "(steps?|items?|points?|sections?|results?|answers?|commands?|outputs?|values?|ones?|parts?|stages?"
                    + "|options?|tips?)\\b", FLAGS),
            Pattern.compile("\\b(steps?|items?|points?|stages?|parts?|tips?)\\s*#?\\s*\\d+\\b", FLAGS),
            Pattern.compile("\\b(previous|preceding|aforementioned|above-mentioned|the\\s+above)\\b", FLAGS),
            Pattern.compile("\\bresults?\\s+(of|from)\\b", FLAGS),
            Pattern.compile("\\bas\\s+(mentioned|described|shown|noted|explained|discussed|stated|above|before|previously"
                    + "|earlier)\\b", FLAGS),
            Pattern.compile("\\b(mentioned|described|shown|noted|listed|defined|created|computed|calculated|installed)\\s+"
                    + "(above|earlier|before|previously)\\b", FLAGS),
            Pattern.compile("\\bthe\\s+(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\\s+"
                    + "(ones?|steps?|items?|points?|options?|tips?|parts?|stages?)\\b", FLAGS),
            Pattern.compile("\\b(the\\s+)?(former|latter)\\b", FLAGS));

    private static final Pattern SEQUENCE_START = Pattern.compile("(?:^|[.!?:;]\\s+)[*_\"'(]*(then|next|after\\s+that"
            + "|after\\s+this|afterwards?|subsequently|thereafter|finally|lastly|once\\s+(?:this|that|it|done|finished"
            + "|complete|you['’]ve|you\\s+have)|when\\s+(?:this|that|it)\\s+is\\s+(?:done|finished|complete)|now"
            + "|second(?:ly)?|third(?:ly)?|following\\s+this|before\\s+(?:this|that))\\b", FLAGS | Pattern.MULTILINE);
    private static final Pattern AND_THEN = Pattern.compile("\\band\\s+then\\b", FLAGS);

    private static final Pattern PRONOUN_START = Pattern.compile("^[*_\"'(]*(it|its|this|that|these|those|they|them"
            + "|their|such)\\b", FLAGS);
    private static final Pattern RUNNING_QUANTITY = Pattern.compile("\\b(the\\s+(total|sum|remainder|remaining|new\\s+"
            + "value|updated\\s+value|running\\s+total)|so\\s+far|carr(y|ied)\\s+over)\\b", FLAGS);
    private static final Pattern CODE = Pattern.compile("```[\\s\\S]*?(```|$)|~~~[\\s\\S]*?(~~~|$)|`[^`\\n]+`");
    private static final Pattern DEFINITION = Pattern.compile("\\b(?:def|function|class|let|const|var|val|fn)\\s+"
            + "([A-Za-z_][A-Za-z0-9_]*)|\\b([A-Za-z_][A-Za-z0-9_]*)\\s*(?<![=!<>+\\-*/])=(?!=)");
    private static final Pattern COMPUTED_NUMBER = Pattern.compile("=\\s*(-?\\d+(?:[.,]\\d+)?)");

    private static final Pattern ORDERED_INTRO = Pattern.compile("\\b(steps?|step[- ]by[- ]step|in\\s+(this|the\\s+"
            + "following|that)\\s+order|in\\s+order(?!\\s+to\\b)|in\\s+sequence|sequence|procedure|instructions)\\b",
            FLAGS);
    private static final Pattern NUMBERED_PROCEDURE_INTRO = Pattern.compile("\\b(how\\s+to|follow|process|recipe"
            + "|walkthrough)\\b", FLAGS);
    private static final Set<String> PROCEDURAL_VERBS = Set.of("install", "download", "open", "close", "run", "execute",
            "create", "click", "select", "choose", "enter", "type", "press", "navigate", "go", "log", "sign", "add",
            "set", "configure", "edit", "change", "save", "restart", "reboot", "copy", "paste", "move", "rename",
            "delete", "remove", "insert", "connect", "disconnect", "plug", "unplug", "attach", "mount", "build",
            "compile", "deploy", "start", "stop", "launch", "initialize", "initialise", "define", "import", "export",
            "update", "upgrade", "apply", "wait", "repeat", "return", "mix", "stir", "pour", "heat", "preheat", "bake",
            "boil", "chop", "cut", "whisk", "fold", "combine", "knead", "cook", "fry", "simmer", "drain", "season",
            "serve", "measure", "fill", "place", "put", "turn", "tighten", "loosen", "assemble", "verify", "commit",
            "push", "pull", "clone", "cd", "mkdir", "activate", "enable", "disable", "extract", "unzip", "upload",
            "submit", "register", "sort", "divide", "multiply", "subtract", "calculate", "compute", "substitute",
            "solve", "simplify");
    private static final Pattern FIRST_WORD = Pattern.compile("^[^\\p{L}]*(\\p{L}+)");

    private DependencyHeuristics() {
    }

    /** The first dependency signal in {@code run}, described for a person, or empty when none is seen. */
    static Optional<String> findDependency(CandidateRun run) {
        Optional<String> procedure = procedure(run);
        if (procedure.isPresent()) {
            return procedure;
        }
        List<CandidateRun.Item> items = run.items();
        for (int k = 1; k < items.size(); k++) {
            CandidateRun.Item item = items.get(k);
            String where = "item " + (k + 1) + " (" + excerpt(item.content()) + ")";
            for (Pattern p : BACK_REFERENCES) {
                Matcher m = p.matcher(item.content());
                if (m.find()) {
                    return Optional.of(where + " refers back: '" + m.group() + "'");
                }
            }
            Matcher sequence = SEQUENCE_START.matcher(withoutLabel(item));
            if (sequence.find()) {
                return Optional.of(where + " continues a sequence: '" + sequence.group(1) + "'");
            }
            Matcher andThen = AND_THEN.matcher(item.content());
            if (andThen.find()) {
                return Optional.of(where + " continues a sequence: '" + andThen.group() + "'");
            }
            if (item.label() == null) {
                Matcher pronoun = PRONOUN_START.matcher(withoutLabel(item));
                if (pronoun.find()) {
                    return Optional.of(where + " starts with a pronoun referring back: '" + pronoun.group(1) + "'");
                }
            }
            Matcher quantity = RUNNING_QUANTITY.matcher(item.content());
            if (quantity.find()) {
                return Optional.of(where + " uses a running quantity: '" + quantity.group() + "'");
            }
        }
        return sharedState(items);
    }

    private static Optional<String> procedure(CandidateRun run) {
        Matcher ordered = ORDERED_INTRO.matcher(run.intro());
        if (ordered.find()) {
            return Optional.of("the intro announces an order: '" + ordered.group() + "'");
        }
        if (!run.numbered()) {
            return Optional.empty();
        }
        Matcher procedureIntro = NUMBERED_PROCEDURE_INTRO.matcher(run.intro());
        if (procedureIntro.find()) {
            return Optional.of("numbered items after an intro announcing a procedure: '" + procedureIntro.group() + "'");
        }
        long imperative = run.items().stream().filter(DependencyHeuristics::startsWithProceduralVerb).count();
        if (2 * imperative >= run.items().size()) {
            return Optional.of(imperative + " of " + run.items().size() + " numbered items open with a procedural verb");
        }
        return Optional.empty();
    }

    private static boolean startsWithProceduralVerb(CandidateRun.Item item) {
        String opening = item.label() != null ? item.label() : item.content();
        Matcher m = FIRST_WORD.matcher(opening);
        return m.find() && PROCEDURAL_VERBS.contains(m.group(1).toLowerCase(Locale.ROOT));
    }

    /** Names defined or numbers computed in one item's code or equations and reused by a later item. */
    private static Optional<String> sharedState(List<CandidateRun.Item> items) {
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (int k = 0; k < items.size(); k++) {
            String content = items.get(k).content();
            String code = codeOf(content);
            if (k > 0) {
                for (String name : names) {
                    if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(code).find()) {
                        return Optional.of("item " + (k + 1) + " uses '" + name + "', defined by an earlier item");
                    }
                }
                for (String number : numbers) {
                    if (Pattern.compile("(?<![\\d.,])" + Pattern.quote(number) + "(?![\\d]|[.,]\\d)").matcher(content)
                            .find()) {
                        return Optional.of("item " + (k + 1) + " reuses " + number + ", computed by an earlier item");
                    }
                }
            }
            Matcher definition = DEFINITION.matcher(code);
            while (definition.find()) {
                names.add(definition.group(1) != null ? definition.group(1) : definition.group(2));
            }
            Matcher computed = COMPUTED_NUMBER.matcher(content);
            while (computed.find()) {
                numbers.add(computed.group(1));
            }
        }
        return Optional.empty();
    }

    private static String codeOf(String content) {
        StringBuilder code = new StringBuilder();
        Matcher m = CODE.matcher(content);
        while (m.find()) {
            code.append(m.group()).append('\n');
        }
        return code.toString();
    }

    /** The item's text after its bold lead-in or heading, where sequence words and pronouns would stand. */
    private static String withoutLabel(CandidateRun.Item item) {
        String content = item.content().stripLeading();
        if (item.label() == null) {
            return content;
        }
        int at = content.indexOf(item.label());
        if (at < 0) {
            return content;
        }
        String rest = content.substring(at + item.label().length());
        return rest.replaceFirst("^[*_:#\\s]+", "");
    }

    private static String excerpt(String content) {
        String line = content.strip().lines().findFirst().orElse("");
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
