package io.aspd.data;

import static io.aspd.data.ChatLines.PROCEDURE;
import static io.aspd.data.ChatLines.PROSE;
import static io.aspd.data.ChatLines.TIPS;
import static io.aspd.data.ChatLines.chat;
import static io.aspd.data.ChatLines.multiTurn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aspd.cli.AspdCli;
import io.aspd.data.convert.AnswerConverter;
import io.aspd.data.convert.CandidateScorer;
import io.aspd.data.convert.CandidateSource;
import io.aspd.data.convert.CandidateValidator;
import io.aspd.data.convert.WordPieceEstimate;
import io.aspd.data.llm.ScriptedChatServer;
import io.aspd.data.rules.RuleBasedRewriter;
import io.aspd.markup.AspdMarkupParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DataCommandTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    record Run(int exitCode, String err) {
    }

    private Run data(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DataCommand());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        return new Run(code, err.toString());
    }

    private Path input(String... lines) throws IOException {
        return Files.writeString(dir.resolve("in.jsonl"), String.join("\n", lines) + "\n");
    }

    private static List<JsonNode> records(Path jsonl) throws IOException {
        return Files.readAllLines(jsonl).stream().map(JSON::readTree).toList();
    }

    private static String answer(JsonNode record) {
        JsonNode messages = record.path("messages");
        return messages.path(messages.size() - 1).path("content").asString();
    }

    @Test
    void convertsWellFormedLinesAndReportsMalformedOnesByLineNumber() throws IOException {
        Path in = input(chat("r1", "How can I sleep better?", TIPS), chat("r2", "Capital of France?", PROSE),
                "{not json", "{\"messages\": []}", "", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                chat("r7", "How do I install it?", PROCEDURE));
        Path out = dir.resolve("out.jsonl");

        Run run = data("--input", in.toString(), "--output", out.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("data: line 3 skipped: not valid JSON")
                .contains("data: line 4 skipped: no non-empty \"messages\" array")
                .contains("data: line 6 skipped: no assistant message")
                .doesNotContain("line 5")
                .contains("data: 3 records written, 3 malformed lines skipped; 1 with blocks (33.3%), 1 blocks, "
                        + "3.00 branches per block")
                .contains("rejections: NO_CANDIDATE=1, DEPENDENT=1");
        List<JsonNode> records = records(out);
        assertThat(records).extracting(r -> r.path("id").asString()).containsExactly("r1", "r2", "r7");
        assertThat(records).extracting(r -> r.path("aspd").path("line").asInt()).containsExactly(1, 2, 7);

        JsonNode tips = records.get(0);
        assertThat(AspdMarkupParser.parse(answer(tips)).render()).isEqualTo(TIPS);
        assertThat(answer(tips)).startsWith("Here are a few ways to sleep better:\n<|title|>Keep a fixed bedtime<|/title|>");
        assertThat(tips.path("aspd").path("parallel").asBoolean()).isTrue();
        assertThat(tips.path("aspd").path("mode").asString()).isEqualTo("rules");
        assertThat(tips.path("aspd").path("branches").toString()).isEqualTo("[3]");
        assertThat(tips.path("aspd").path("raw_answer").asString()).isEqualTo(TIPS);
        assertThat(tips.path("messages").path(0).path("content").asString()).isEqualTo("How can I sleep better?");

        assertThat(answer(records.get(1))).isEqualTo(PROSE);
        assertThat(records.get(1).path("aspd").has("raw_answer")).isFalse();
        assertThat(answer(records.get(2))).isEqualTo(PROCEDURE);
        assertThat(records.get(2).path("aspd").path("rejections").get(0).asString()).startsWith("DEPENDENT: ");
    }

    @Test
    void fatalErrorsExitWithOneAndSayWhy() throws IOException {
        Path in = input(chat("r1", "q", TIPS));
        Path out = dir.resolve("out.jsonl");

        Run missing = data("--input", dir.resolve("nope.jsonl").toString(), "--output", out.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("data: error: cannot read input").contains("nope.jsonl");

        Path aFile = Files.writeString(dir.resolve("file"), "x");
        Run unwritable = data("--input", in.toString(), "--output", aFile.resolve("out.jsonl").toString());
        assertThat(unwritable.exitCode()).isEqualTo(1);
        assertThat(unwritable.err()).contains("data: error: cannot write output");

        assertThat(data("--input", in.toString(), "--output", out.toString()).exitCode()).isZero();
        Run exists = data("--input", in.toString(), "--output", out.toString());
        assertThat(exists.exitCode()).isEqualTo(1);
        assertThat(exists.err()).contains("already exists; pass --resume to continue it or --overwrite to replace it");
        Run noTokenizer = data("--input", in.toString(), "--output", out.toString(), "--overwrite", "--tokenizer",
                dir.resolve("missing.json").toString());
        assertThat(noTokenizer.exitCode()).isEqualTo(1);
        assertThat(noTokenizer.err()).contains("data: error: cannot read tokenizer");
        assertThat(records(out)).as("the earlier output is untouched").hasSize(1);
        assertThat(data("--input", in.toString(), "--output", out.toString(), "--overwrite").exitCode()).isZero();
        assertThat(records(out)).hasSize(1);
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() throws IOException {
        String in = input(chat("r1", "q", TIPS)).toString();
        String out = dir.resolve("out.jsonl").toString();

        assertThat(data("--input", in).err()).contains("Missing required option: '--output=OUT.jsonl'");
        assertThat(data("--input", in, "--output", out, "--mode", "magic").exitCode()).isEqualTo(2);
        assertThat(data("--input", in, "--output", out, "--workers", "0").err()).contains("--workers must be at least 1");
        assertThat(data("--input", in, "--output", out, "--mode", "llm").err()).contains("--mode llm needs --base-url");
        assertThat(data("--input", in, "--output", out, "--base-url", "http://127.0.0.1:1/v1").err())
                .contains("--base-url needs --model");
        assertThat(data("--input", in, "--output", out, "--judge-votes", "3", "--judge-threshold", "4").err())
                .contains("--judge-threshold must lie between 1 and --judge-votes (3)");
        assertThat(data("--input", in, "--output", out, "--max-branches", "1").err())
                .contains("max branches must be at least 2");
        assertThat(data("--input", in, "--output", out, "--resume", "--overwrite").exitCode()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("out.jsonl"))).isFalse();
    }

    private List<String> manyRecords() {
        return IntStream.rangeClosed(1, 12).mapToObj(i -> switch (i % 3) {
            case 0 -> chat("r" + i, "q" + i, TIPS.replace("weekends", "weekends " + i));
            case 1 -> chat("r" + i, "q" + i, PROSE + " " + i);
            default -> i == 5 ? "{broken" : chat("r" + i, "q" + i, PROCEDURE);
        }).toList();
    }

    @Test
    void resumingATornOutputLosesAndDuplicatesNothing() throws IOException {
        Path in = input(manyRecords().toArray(String[]::new));
        Path complete = dir.resolve("complete.jsonl");
        assertThat(data("--input", in.toString(), "--output", complete.toString()).exitCode()).isZero();
        byte[] expected = Files.readAllBytes(complete);
        List<String> lines = Files.readAllLines(complete);
        assertThat(lines).hasSize(11);

        Path torn = dir.resolve("torn.jsonl");
        String sixth = lines.get(5);
        Files.writeString(torn, String.join("\n", lines.subList(0, 5)) + "\n" + sixth.substring(0, sixth.length() / 2));
        Run resumed = data("--input", in.toString(), "--output", torn.toString(), "--resume");

        assertThat(resumed.exitCode()).isZero();
        assertThat(Files.readAllBytes(torn)).isEqualTo(expected);
        assertThat(resumed.err()).contains("6 records written (resumed after input line 6, 5 records kept)")
                .doesNotContain("line 5 skipped");
    }

    @Test
    void aRunThatCrashesLeavesAPrefixThatResumeCompletes() throws IOException {
        Path in = input(manyRecords().toArray(String[]::new));
        Path complete = dir.resolve("complete.jsonl");
        assertThat(data("--input", in.toString(), "--output", complete.toString()).exitCode()).isZero();

        Path crashed = dir.resolve("crashed.jsonl");
        OutputFile.prepare(crashed, false, false);
        CandidateSource rules = new RuleBasedRewriter(DataTestLimits.DEFAULT);
        AnswerConverter crashing = new AnswerConverter((q, a) -> {
            if (q.equals("q8")) {
                throw new OutOfMemoryError("simulated crash");
            }
            return rules.propose(q, a);
        }, new CandidateValidator(DataTestLimits.DEFAULT, Optional.empty()), new CandidateScorer(new WordPieceEstimate()));
        DataPipeline pipeline = new DataPipeline(crashing, "rules", 2, new PrintWriter(new StringWriter()),
                System::nanoTime);

        assertThatThrownBy(() -> pipeline.run(in, crashed, OutputFile.ResumePoint.FRESH))
                .hasRootCauseMessage("simulated crash");
        List<String> prefix = Files.readAllLines(crashed);
        assertThat(prefix).hasSizeLessThan(11).isEqualTo(Files.readAllLines(complete).subList(0, prefix.size()));

        assertThat(data("--input", in.toString(), "--output", crashed.toString(), "--resume").exitCode()).isZero();
        assertThat(Files.readAllBytes(crashed)).isEqualTo(Files.readAllBytes(complete));
    }

    @Test
    void resumeRefusesAFileThatIsNotItsOutput() throws IOException {
        Path in = input(chat("r1", "q", TIPS));
        Path foreign = Files.writeString(dir.resolve("foreign.jsonl"), chat("x", "q", "a") + "\n");

        Run run = data("--input", in.toString(), "--output", foreign.toString(), "--resume");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has no \"aspd.line\"; it is not output of this tool, refusing to resume");
    }

    @Test
    void writesTheAlpacaArrayThatLlamaFactoryReads() throws IOException {
        Path in = input(multiTurn("You are terse.", "Hi", "Hello!", "How can I sleep better?", TIPS),
                chat("r2", "Capital?", PROSE),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"weather?\"}, {\"role\": \"assistant\", "
                        + "\"content\": \"Let me check.\"}, {\"role\": \"tool\", \"content\": \"sunny\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"It is sunny.\"}]}");
        Path out = dir.resolve("out.jsonl");
        Path alpaca = dir.resolve("sub/alpaca.json");

        Run run = data("--input", in.toString(), "--output", out.toString(), "--alpaca", alpaca.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("data: 2 records written to " + alpaca
                + "; skipped 1 that are not plain user/assistant turns (output lines [3])");
        JsonNode array = JSON.readTree(Files.readString(alpaca));
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(2);
        JsonNode first = array.get(0);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("instruction", "input", "output", "system",
                "history");
        assertThat(first.path("instruction").asString()).isEqualTo("How can I sleep better?");
        assertThat(first.path("input").asString()).isEmpty();
        assertThat(first.path("system").asString()).isEqualTo("You are terse.");
        assertThat(first.path("history").toString()).isEqualTo("[[\"Hi\",\"Hello!\"]]");
        assertThat(first.path("output").asString()).isEqualTo(answer(records(out).get(0))).contains("<|para|>");
        assertThat(AspdMarkupParser.parse(first.path("output").asString()).render()).isEqualTo(TIPS);
        JsonNode second = array.get(1);
        assertThat(second.path("system").asString()).isEmpty();
        assertThat(second.path("history").size()).isZero();
        assertThat(second.path("output").asString()).isEqualTo(PROSE);
    }

    @Test
    void theJarDispatchRunsTheDataTool() throws IOException {
        Path in = input(chat("r1", "q", TIPS));
        Path out = dir.resolve("out.jsonl");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(AspdCli.isToolCommand(new String[] {"data"})).isTrue();
            code = AspdCli.run(new String[] {"data", "--input", in.toString(), "--output", out.toString()});
        } finally {
            System.setErr(original);
        }

        assertThat(code).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("data: 1/1 lines (100.0%)")
                .contains("1 with blocks (100.0%)");
        assertThat(records(out)).singleElement().satisfies(r -> assertThat(answer(r)).contains("<|para|>"));
    }

    @Test
    void llmModeThroughTheCommandLine() throws IOException {
        String answer = "Two ways:\n- By tram: line 4 stops at the square.\n- On foot: twenty minutes by the river.";
        String good = "Two ways:\n<|title|>Tram<|/title|><|title|>Walk<|/title|><|para|>"
                + "<|branch|>Tram: - By tram: line 4 stops at the square.<|/branch|>"
                + "<|branch|>Walk: - On foot: twenty minutes by the river.<|/branch|><|/para|>";
        Path in = input(chat("r1", "How to get there?", answer), chat("r2", "Capital?", PROSE));
        Path out = dir.resolve("out.jsonl");
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.rewrite(good).votes("INDEPENDENT", "INDEPENDENT").rewriteFails(500, 2);

            Run run = data("--input", in.toString(), "--output", out.toString(), "--mode", "llm", "--base-url",
                    server.baseUrl(), "--model", "test-model", "--api-key", "k", "--candidates", "1",
                    "--judge-votes", "2", "--retries", "1", "--retry-backoff", "0.001", "--workers", "1");

            assertThat(run.exitCode()).isZero();
            assertThat(run.err()).contains("data: line 2 kept serial: ENDPOINT_FAILED: rewrite: HTTP 500")
                    .contains("2 records written").contains("1 with blocks (50.0%)")
                    .contains("rejections: ENDPOINT_FAILED=1");
            assertThat(server.authorizations()).containsOnly("Bearer k");
        }
        List<JsonNode> records = records(out);
        assertThat(answer(records.get(0))).isEqualTo(good);
        assertThat(records.get(0).path("aspd").path("mode").asString()).isEqualTo("llm");
        assertThat(answer(records.get(1))).isEqualTo(PROSE);
    }

    @Test
    void rulesModeAsksTheJudgeWhenAnEndpointIsGiven() throws IOException {
        Path in = input(chat("r1", "How can I sleep better?", TIPS));
        Path out = dir.resolve("out.jsonl");
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.votes("DEPENDENT");

            Run run = data("--input", in.toString(), "--output", out.toString(), "--base-url", server.baseUrl(),
                    "--model", "m", "--judge-votes", "1");

            assertThat(run.exitCode()).isZero();
            assertThat(server.rewriteRequests()).isZero();
            assertThat(server.judgeRequests()).isEqualTo(1);
        }
        JsonNode record = records(out).get(0);
        assertThat(answer(record)).isEqualTo(TIPS);
        List<String> rejections = new ArrayList<>();
        record.path("aspd").path("rejections").forEach(r -> rejections.add(r.asString()));
        assertThat(rejections).singleElement().asString().startsWith("NOT_INDEPENDENT: block [Keep a fixed bedtime");
    }
}
