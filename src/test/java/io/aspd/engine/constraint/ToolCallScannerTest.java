package io.aspd.engine.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads the same calls from a text however it is cut into pieces, passes arguments on as they arrive
 * (held only while the name is not known yet), and sees a marker only where a call can start.
 */
class ToolCallScannerTest {
    private static final ToolCallFormat HERMES = ToolCallFormat.HERMES;

    /** Everything a scan produced, joined per kind. */
    record Scan(String content, List<String> names, List<String> arguments, List<Integer> fragments,
                List<Boolean> complete) {
    }

    private static Scan scan(ToolCallFormat format, boolean textBeforeCalls, List<String> pieces) {
        ToolCallScanner scanner = new ToolCallScanner(format, textBeforeCalls);
        List<ToolCallScanner.Event> events = new ArrayList<>();
        pieces.forEach(piece -> events.addAll(scanner.accept(piece)));
        events.addAll(scanner.finish());
        StringBuilder content = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<StringBuilder> arguments = new ArrayList<>();
        List<Integer> fragments = new ArrayList<>();
        List<Boolean> complete = new ArrayList<>();
        for (ToolCallScanner.Event event : events) {
            if (event instanceof ToolCallScanner.Content c) {
                assertThat(names).as("content comes before the first call").isEmpty();
                content.append(c.text());
            } else if (event instanceof ToolCallScanner.CallStart start) {
                assertThat(start.index()).isEqualTo(names.size());
                names.add(start.name());
                arguments.add(new StringBuilder());
                fragments.add(0);
            } else if (event instanceof ToolCallScanner.Arguments a) {
                assertThat(a.index()).isEqualTo(names.size() - 1);
                assertThat(a.fragment()).isNotEmpty();
                arguments.get(a.index()).append(a.fragment());
                fragments.set(a.index(), fragments.get(a.index()) + 1);
            } else if (event instanceof ToolCallScanner.CallEnd end) {
                assertThat(end.index()).isEqualTo(names.size() - 1);
                complete.add(end.complete());
            }
        }
        return new Scan(content.toString(), names, arguments.stream().map(StringBuilder::toString).toList(), fragments,
                complete);
    }

    private static List<String> cut(String text, Random random, int maxPiece) {
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < text.length(); ) {
            int end = Math.min(text.length(), at + 1 + random.nextInt(maxPiece));
            pieces.add(text.substring(at, end));
            at = end;
        }
        return pieces;
    }

    @Test
    void everyCutGivesTheWholeTextsContentNamesAndArguments() {
        List<String> answers = List.of(
                "Let me check. <tool_call>\n{\"name\": \"lookup\", \"arguments\": {\"id\": \"<tool_call>\"}}\n"
                        + "</tool_call>",
                "<tool_call>{\"arguments\": {\"x\": [1, 2, {\"y\": \"a b\"}], \"z\": null}, \"name\": \"b\"}"
                        + "</tool_call>\n<tool_call>{\"name\":\"c\",\"arguments\":{}}</tool_call>",
                "text only, with a < and <tool_ but never the marker <tool_cal",
                "<tool_call>{\"name\": \"quoted \\\"</tool_call>\\\" and \\\\\", \"arguments\": {\"s\": \"\\u0041\\n\"}}</tool_call>");
        Random random = new Random(5);
        for (String answer : answers) {
            Scan whole = scan(HERMES, true, List.of(answer));
            for (int trial = 0; trial < 100; trial++) {
                assertThat(scan(HERMES, true, cut(answer, random, trial % 2 == 0 ? 3 : 17)))
                        .usingRecursiveComparison().ignoringFields("fragments").as(answer).isEqualTo(whole);
            }
        }
        Scan first = scan(HERMES, true, List.of(answers.get(0)));
        assertThat(first.content()).isEqualTo("Let me check. ");
        assertThat(first.names()).containsExactly("lookup");
        assertThat(first.arguments()).containsExactly("{\"id\":\"<tool_call>\"}");
        assertThat(first.complete()).containsExactly(true);
        Scan second = scan(HERMES, true, List.of(answers.get(1)));
        assertThat(second.names()).containsExactly("b", "c");
        assertThat(second.arguments()).containsExactly("{\"x\":[1,2,{\"y\":\"a b\"}],\"z\":null}", "{}");
        assertThat(scan(HERMES, true, List.of(answers.get(2))).content()).isEqualTo(answers.get(2));
        Scan escaped = scan(HERMES, true, List.of(answers.get(3)));
        assertThat(escaped.names()).containsExactly("quoted \"</tool_call>\" and \\");
        assertThat(escaped.arguments()).containsExactly("{\"s\":\"\\u0041\\n\"}");
        assertThat(escaped.complete()).containsExactly(true);
    }

    @Test
    void argumentsArriveInAFragmentPerPieceOnceTheNameIsKnown() {
        String call = "<tool_call>{\"name\": \"book\", \"arguments\": {\"postcode\": \"AB1 2CD\", \"date\": "
                + "\"2026-12-01\", \"slots\": [1, 2]}}</tool_call>";
        List<String> pieces = cut(call, new Random(1), 4);
        Scan scan = scan(HERMES, true, pieces);
        assertThat(scan.arguments()).containsExactly(
                "{\"postcode\":\"AB1 2CD\",\"date\":\"2026-12-01\",\"slots\":[1,2]}");
        assertThat(scan.fragments().get(0)).isGreaterThan(5);

        // arguments written before the name are held, then sent in the pieces they came in
        String argumentsFirst = "<tool_call>{\"arguments\": {\"postcode\": \"AB1 2CD\", \"date\": \"2026-12-01\"}, "
                + "\"name\": \"book\"}</tool_call>";
        Scan held = scan(HERMES, true, cut(argumentsFirst, new Random(2), 4));
        assertThat(held.names()).containsExactly("book");
        assertThat(held.arguments()).containsExactly("{\"postcode\":\"AB1 2CD\",\"date\":\"2026-12-01\"}");
        assertThat(held.fragments().get(0)).isGreaterThan(1);
    }

    @Test
    void aCallCutShortEndsIncompleteAndAMalformedOneIsSkipped() {
        Scan cut = scan(HERMES, true, List.of("<tool_call>{\"name\": \"a\", \"arguments\": {\"q\": \"x"));
        assertThat(cut.names()).containsExactly("a");
        assertThat(cut.arguments()).containsExactly("{\"q\":\"x");
        assertThat(cut.complete()).containsExactly(false);

        Scan skipped = scan(HERMES, true, List.of("<tool_call>[1]</tool_call><tool_call>{\"name\": \"b\", "
                + "\"arguments\": {}}</tool_call>"));
        assertThat(skipped.names()).containsExactly("b");
        assertThat(skipped.complete()).containsExactly(true);
        ToolCallParser.Parsed parsed = new ToolCallParser(HERMES).parse("<tool_call>[1]</tool_call>");
        assertThat(parsed.complete()).isFalse();
        assertThat(parsed.calls()).isEmpty();
    }

    @Test
    void whenTheAnswerMayBeJsonACallOnlyOpensAtTheStart() {
        String json = "{\"reply\": \"<tool_call>{\\\"name\\\": \\\"x\\\"}</tool_call>\"}";
        for (List<String> pieces : List.of(List.of(json), cut(json, new Random(3), 3))) {
            Scan scan = scan(HERMES, false, pieces);
            assertThat(scan.content()).isEqualTo(json);
            assertThat(scan.names()).isEmpty();
        }
        Scan call = scan(HERMES, false, cut("<tool_call>{\"name\": \"x\", \"arguments\": {}}</tool_call>",
                new Random(4), 3));
        assertThat(call.content()).isEmpty();
        assertThat(call.names()).containsExactly("x");
        // a prefix of the marker that ends the output is content
        assertThat(scan(HERMES, false, List.of("<tool")).content()).isEqualTo("<tool");
        assertThat(new ToolCallParser(HERMES, false).parse(json).calls()).isEmpty();
    }

    @Test
    void otherMarkersWork() {
        ToolCallFormat format = new ToolCallFormat("[TOOL_CALLS]", "[/TOOL_CALLS]");
        Scan scan = scan(format, true, cut("Sure.[TOOL_CALLS] {\"name\": \"a\", \"arguments\": {\"k\": 1}} "
                + "[/TOOL_CALLS]", new Random(6), 3));
        assertThat(scan.content()).isEqualTo("Sure.");
        assertThat(scan.names()).containsExactly("a");
        assertThat(scan.arguments()).containsExactly("{\"k\":1}");
        assertThat(scan.complete()).containsExactly(true);
    }
}
