package io.aspd.train.corpus;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A way of asking with {@code {slot}} placeholders. {@code {Slot}} (upper-case first letter) inserts the value with
 * its first letter upper-cased, for slots that start a sentence. The filled question always starts upper-case.
 */
record QuestionTemplate(String id, String pattern) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    QuestionTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
    }

    /** The slot names this template needs, lower-case first letter. */
    Set<String> slots() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            names.add(Wording.decapitalize(m.group(1)));
        }
        return names;
    }

    String fill(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(Wording.decapitalize(name));
            if (value == null) {
                throw new IllegalArgumentException("template " + id + " needs slot '" + name + "'");
            }
            boolean capitalized = Character.isUpperCase(name.charAt(0));
            m.appendReplacement(out, Matcher.quoteReplacement(capitalized ? Wording.capitalize(value) : value));
        }
        m.appendTail(out);
        return Wording.capitalize(out.toString());
    }
}
