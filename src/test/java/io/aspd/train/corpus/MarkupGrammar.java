package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reading of spec section 2 for tests: parses an answer's markup into serial texts and blocks with
 * regular expressions, without using the generator's classes, and renders it by the project's whitespace rule.
 */
final class MarkupGrammar {

    record ParsedBranch(String title, String body) {
    }

    record Parsed(List<String> serials, List<List<ParsedBranch>> blocks) {
        /** Serial text verbatim, each block as its bodies joined with "\n". */
        String rendered() {
            StringBuilder out = new StringBuilder(serials.get(0));
            for (int i = 0; i < blocks.size(); i++) {
                out.append(String.join("\n", blocks.get(i).stream().map(ParsedBranch::body).toList()));
                out.append(serials.get(i + 1));
            }
            return out.toString();
        }
    }

    private static final Pattern BLOCK = Pattern.compile(
            "((?:<\\|title\\|>(?:(?!<\\|).)+<\\|/title\\|>){2,})<\\|para\\|>((?:<\\|branch\\|>(?:(?!<\\|).)+<\\|/branch\\|>){2,})<\\|/para\\|>",
            Pattern.DOTALL);
    private static final Pattern TITLE = Pattern.compile("<\\|title\\|>((?:(?!<\\|).)+)<\\|/title\\|>");
    private static final Pattern BRANCH = Pattern.compile("<\\|branch\\|>((?:(?!<\\|).)+)<\\|/branch\\|>", Pattern.DOTALL);

    private MarkupGrammar() {
    }

    /** Throws if the markup is not {@code serial (block serial)*} with matching titles and branch prefixes. */
    static Parsed parse(String markup) {
        List<String> serials = new ArrayList<>();
        List<List<ParsedBranch>> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(markup);
        int last = 0;
        while (block.find()) {
            serials.add(requireNoMarkup(markup.substring(last, block.start())));
            List<String> titles = all(TITLE, block.group(1));
            List<String> branches = all(BRANCH, block.group(2));
            if (titles.size() != branches.size()) {
                throw new IllegalArgumentException("titles " + titles + " vs branches " + branches);
            }
            List<ParsedBranch> parsed = new ArrayList<>();
            for (int i = 0; i < titles.size(); i++) {
                String prefix = titles.get(i) + ": ";
                if (!branches.get(i).startsWith(prefix)) {
                    throw new IllegalArgumentException("branch " + i + " does not start with '" + prefix + "'");
                }
                parsed.add(new ParsedBranch(titles.get(i), branches.get(i).substring(prefix.length())));
            }
            blocks.add(parsed);
            last = block.end();
        }
        serials.add(requireNoMarkup(markup.substring(last)));
        return new Parsed(serials, blocks);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String requireNoMarkup(String serial) {
        if (serial.contains("<|")) {
            throw new IllegalArgumentException("markup outside a well-formed block: " + serial);
        }
        return serial;
    }
}
