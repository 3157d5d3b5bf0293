package io.aspd.data.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.data.convert.BlockLimits;
import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdMarkupParser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for any markdown-like answer, whatever the rule-based rewriter proposes parses, keeps to the limits and
 * renders back to the answer character for character. Answers are generated from a fixed seed.
 */
class RuleBasedFidelityPropertyTest {
    private static final List<String> WORDS = List.of("apples", "then", "keep", "the", "bedroom", "cool", "**bold:**",
            "`x = 1`", "x", "next", "previous", "it", "result", "of", "step", "3", "=", "7", "café", "über", "run",
            "install", "tips", "-", "*", "#", "1.", "<b>", "  ", "\t");
    private static final BlockLimits LIMITS = new BlockLimits(6, 12, 3, 4);

    private final Random random = new Random(20_250_808);

    @Test
    void proposalsAlwaysRenderBackToTheAnswerExactly() {
        RuleBasedRewriter rewriter = new RuleBasedRewriter(LIMITS);
        int blocks = 0;
        for (int n = 0; n < 3000; n++) {
            String answer = answer();
            for (String candidate : rewriter.propose("q", answer).candidates()) {
                AspdDocument doc = AspdMarkupParser.parse(candidate);
                assertThat(doc.render()).as(answer).isEqualTo(answer);
                assertThat(doc.hasBlocks()).isTrue();
                for (AspdDocument.Block block : doc.blocks()) {
                    assertThat(LIMITS.check(block)).as(answer).isEmpty();
                    blocks++;
                }
            }
        }
        assertThat(blocks).as("the generator must exercise blocks, not only serial answers").isGreaterThan(500);
    }

    private String answer() {
        StringBuilder out = new StringBuilder();
        int parts = 1 + random.nextInt(5);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(8)) {
                case 0 -> out.append(sentence()).append('\n');
                case 1, 2 -> list(out, "", random.nextBoolean());
                case 3 -> out.append("#".repeat(1 + random.nextInt(3))).append(' ').append(sentence()).append('\n');
                case 4 -> out.append("**").append(word()).append(":** ").append(sentence()).append('\n');
                case 5 -> out.append("```\n- ").append(sentence()).append("\n- ").append(sentence()).append("\n```\n");
                case 6 -> out.append(random.nextBoolean() ? "---\n" : "\n");
                default -> out.append("  ").append(sentence()).append('\n');
            }
            if (random.nextInt(3) == 0) {
                out.append('\n');
            }
        }
        String text = random.nextBoolean() ? out.toString().stripTrailing() : out.toString();
        return random.nextInt(10) == 0 ? text.replace("\n", "\r\n") : text;
    }

    private void list(StringBuilder out, String indent, boolean numbered) {
        int items = 1 + random.nextInt(8);
        boolean loose = random.nextInt(4) == 0;
        for (int i = 1; i <= items; i++) {
            out.append(indent).append(numbered ? i + ". " : "- ").append(sentence()).append('\n');
            if (indent.isEmpty() && random.nextInt(6) == 0) {
                list(out, "  ", random.nextBoolean());
            }
            if (random.nextInt(8) == 0) {
                out.append(indent).append("  ```\n").append(indent).append("  code\n").append(indent).append("  ```\n");
            }
            if (loose) {
                out.append('\n');
            }
        }
    }

    private String sentence() {
        StringBuilder s = new StringBuilder(word());
        int words = random.nextInt(9);
        for (int i = 0; i < words; i++) {
            s.append(' ').append(word());
        }
        return s.append('.').toString();
    }

    private String word() {
        return WORDS.get(random.nextInt(WORDS.size()));
    }
}
