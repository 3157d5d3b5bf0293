package io.aspd.data.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instruction prompt kept as a resource file, with {@code {{name}}} placeholders. Placeholders are filled in one pass
 * over the template, so a value that itself contains {@code {{...}}} (an answer about templates) is left alone; a
 * placeholder without a value, or a value without a placeholder, is a programming error and fails loudly.
 */
final class PromptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final String name;
    private final String template;

    private PromptTemplate(String name, String template) {
        this.name = name;
        this.template = template;
    }

    /** Loads {@code prompts/<name>.txt} next to this class. */
    static PromptTemplate load(String name) {
        String resource = "/io/aspd/data/prompts/" + name + ".txt";
        try (InputStream in = PromptTemplate.class.getResourceAsStream(resource)) {
            Objects.requireNonNull(in, () -> "missing prompt resource " + resource);
            return new PromptTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt " + resource, e);
        }
    }

    String fill(Map<String, String> values) {
        Set<String> unused = new HashSet<>(values.keySet());
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("prompt " + name + " needs a value for {{" + m.group(1) + "}}");
            }
            unused.remove(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("prompt " + name + " has no placeholder for " + unused);
        }
        return out.toString();
    }
}
