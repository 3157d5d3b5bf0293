package io.aspd.bench;

import io.aspd.engine.AspdMode;
import io.aspd.engine.EngineObserver;
import io.aspd.engine.EngineSettings;
import io.aspd.engine.EngineVocabulary;
import io.aspd.engine.FinishReason;
import io.aspd.engine.GenerationRequest;
import io.aspd.engine.GenerationResult;
import io.aspd.engine.InferenceEngine;
import io.aspd.engine.ResultFuture;
import io.aspd.engine.SamplingParams;
import io.aspd.engine.constraint.ToolCallParser;
import io.aspd.model.ChatMessage;
import io.aspd.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar aspd-server.jar eval}: the quality numbers of an ASPD model on held-out conversations (format
 * validity, adaptivity, content accuracy; see {@link AnswerCheck}; tool-call accuracy and invented arguments, see
 * {@link ToolCallCheck}), and optionally those of a serial-only baseline trained on the same answers without markup.
 * Greedy decoding; the ASPD model in {@code parallel} mode, the baseline in {@code off} mode. Conversations without
 * tools run through the engine's continuous batching; conversations sent with tools run through the server itself
 * (started in this JVM on a loopback port), so that the tools become the engine's tool-call constraint and the calls
 * are parsed exactly as a client receives them. Answer-from-result accuracy is the content accuracy of the
 * conversations that end with tool results.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Scores an ASPD model (and optionally a serial-only baseline) on held-out conversations.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/aspd-mini", description = "default: ${DEFAULT-VALUE}")
    Path model;
    @Option(names = "--baseline", description = "serial-only model trained on the same answers without markup")
    Path baseline;
    @Option(names = "--heldout", required = true, description = "held-out records with category, parallelizable, facts")
    Path heldout;
    @Option(names = "--max-tokens", defaultValue = "512") int maxTokens;
    @Option(names = "--batch", defaultValue = "16", description = "generations decoded together") int batch;
    @Option(names = "--out", defaultValue = "target/eval", description = "default: ${DEFAULT-VALUE}") Path out;

    @Override
    public Integer call() throws IOException, InterruptedException, ExecutionException {
        List<BenchPrompt> prompts = BenchPrompt.read(heldout);
        List<Scored> aspd = score(model, prompts, AspdMode.PARALLEL);
        List<Scored> serial = baseline == null ? null : score(baseline, prompts, AspdMode.OFF);
        EvalReport report = new EvalReport(aspd, serial);
        Files.createDirectories(out);
        Files.writeString(out.resolve("eval.md"), report.markdown());
        writeAnswers(aspd, out.resolve("answers.jsonl"));
        JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(out.resolve("eval.json").toFile(),
                report.summary());
        System.out.print(report.markdown());
        return 0;
    }

    /** Every answer with its scores and the facts it missed, for reading what the model gets wrong. */
    private static void writeAnswers(List<Scored> scored, Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        StringBuilder out = new StringBuilder();
        for (Scored s : scored) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("category", s.prompt().category());
            line.put("question", s.prompt().messages().stream().filter(m -> m.role().equals("user"))
                    .reduce((first, second) -> second).map(ChatMessage::content).orElse(""));
            line.put("answer", s.text());
            if (s.callsRight() != null) {
                line.put("tool_calls", s.calls().stream()
                        .map(c -> Map.of("name", c.name(), "arguments", c.argumentsJson())).toList());
                line.put("tool_calls_right", s.callsRight());
            }
            line.put("format_valid", s.formatValid());
            line.put("has_block", s.hasBlock());
            line.put("missing_facts", s.prompt().facts().stream()
                    .filter(fact -> AnswerCheck.factRecall(s.text(), List.of(fact)) == 0).toList());
            out.append(json.writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, out);
    }

    /**
     * One answer and its scores.
     *
     * @param calls       the tool calls of the turn (empty when it made none or had no tools)
     * @param callsRight  null when the conversation had no tools
     */
    record Scored(BenchPrompt prompt, String text, boolean formatValid, boolean hasBlock, double recall,
                  boolean truncated, List<ToolCallParser.ToolCall> calls, Boolean callsRight) {
        /** Whether the conversation ends with tool results, so the answer must come from them. */
        boolean answersFromResults() {
            List<ChatMessage> messages = prompt.messages();
            return messages.get(messages.size() - 1).role().equals("tool");
        }
    }

    private List<Scored> score(Path dir, List<BenchPrompt> prompts, AspdMode mode)
            throws InterruptedException, ExecutionException {
        List<BenchPrompt> plain = prompts.stream().filter(p -> !p.hasTools()).toList();
        List<BenchPrompt> withTools = prompts.stream().filter(BenchPrompt::hasTools).toList();
        Map<BenchPrompt, Scored> scored = new IdentityHashMap<>();
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            EngineVocabulary vocabulary = new EngineVocabulary(bundle.tokenizer(), bundle.model().config().vocabSize());
            int context = bundle.model().config().maxPositionEmbeddings();
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            try (InferenceEngine engine = new InferenceEngine(bundle.model(), vocabulary,
                    new EngineSettings(batch, 4096, context, 4096), EngineObserver.NONE)) {
                for (BenchPrompt prompt : plain) {
                    int[] tokens = bundle.tokenizer().encode(bundle.chatTemplate().render(prompt.messages(), true));
                    GenerationRequest request = new GenerationRequest(tokens, Math.min(maxTokens, context - tokens.length),
                            SamplingParams.greedy(), List.of(), mode, 8, 256, -1);
                    ResultFuture listener = new ResultFuture();
                    engine.submit(request, 0, listener);
                    futures.add(listener.result());
                }
                for (int i = 0; i < plain.size(); i++) {
                    GenerationResult result = futures.get(i).get();
                    String markup = markup(result.tokenIds(), vocabulary, bundle);
                    scored.put(plain.get(i), new Scored(plain.get(i), result.text(), AnswerCheck.formatValid(markup),
                            result.structure().hasBlocks(), AnswerCheck.factRecall(result.text(), plain.get(i).facts()),
                            result.finishReason() == FinishReason.LENGTH, List.of(), null));
                }
            }
            if (!withTools.isEmpty()) {
                try (InProcessServer server = new InProcessServer(dir,
                        Map.of("aspd.engine.default-max-tokens", Integer.toString(maxTokens)))) {
                    List<ServedChat.Answer> answers = new ServedChat(server.uri(), batch).answer(withTools, mode);
                    for (int i = 0; i < withTools.size(); i++) {
                        scored.put(withTools.get(i), scoreServed(withTools.get(i), answers.get(i), vocabulary, bundle));
                    }
                }
            }
        }
        return prompts.stream().map(scored::get).toList();
    }

    private static Scored scoreServed(BenchPrompt prompt, ServedChat.Answer answer, EngineVocabulary vocabulary,
                                      ModelBundle bundle) {
        String text = answer.content() == null ? "" : answer.content();
        boolean callsRight = prompt.expectedCalls().isEmpty() ? answer.calls().isEmpty()
                : ToolCallCheck.callsRight(prompt.expectedCalls(), answer.calls());
        // A turn that should call is judged by its calls; its facts are the arguments, not text.
        double recall = prompt.expectedCalls().isEmpty() ? AnswerCheck.factRecall(text, prompt.facts())
                : callsRight ? 1 : 0;
        return new Scored(prompt, text, AnswerCheck.formatValid(markup(answer.tokenIds(), vocabulary, bundle)),
                answer.blocks() > 0, recall, "length".equals(answer.finishReason()), answer.calls(), callsRight);
    }

    /** The generated tokens decoded with their markup, the final EOS removed. */
    private static String markup(int[] ids, EngineVocabulary vocabulary, ModelBundle bundle) {
        int end = ids.length > 0 && vocabulary.isEos(ids[ids.length - 1]) ? ids.length - 1 : ids.length;
        return bundle.tokenizer().decode(Arrays.copyOf(ids, end));
    }

    /** Per-category and overall numbers of an evaluation. */
    static final class EvalReport {
        private final List<Scored> aspd;
        private final List<Scored> serial;

        EvalReport(List<Scored> aspd, List<Scored> serial) {
            this.aspd = aspd;
            this.serial = serial;
        }

        Map<String, Object> summary() {
            Map<String, Object> json = new LinkedHashMap<>(row(aspd, serial));
            Map<String, Object> categories = new LinkedHashMap<>();
            byCategory(aspd).forEach((category, list) -> categories.put(category,
                    row(list, serial == null ? null : byCategory(serial).get(category))));
            json.put("by_category", categories);
            return json;
        }

        private static Map<String, Object> row(List<Scored> scored, List<Scored> baseline) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("answers", scored.size());
            row.put("format_validity", share(scored, Scored::formatValid));
            List<Scored> parallelizable = scored.stream().filter(s -> Boolean.TRUE.equals(s.prompt().parallelizable())).toList();
            List<Scored> serialOnly = scored.stream().filter(s -> Boolean.FALSE.equals(s.prompt().parallelizable())).toList();
            row.put("parallelizable_with_block", parallelizable.isEmpty() ? null : share(parallelizable, Scored::hasBlock));
            row.put("serial_without_block", serialOnly.isEmpty() ? null : share(serialOnly, s -> !s.hasBlock()));
            row.put("content_accuracy", scored.stream().mapToDouble(Scored::recall).average().orElse(0));
            if (baseline != null) {
                row.put("baseline_content_accuracy", baseline.stream().mapToDouble(Scored::recall).average().orElse(0));
            }
            List<Scored> withTools = scored.stream().filter(s -> s.callsRight() != null).toList();
            row.put("with_tools", withTools.size());
            row.put("tool_call_accuracy", withTools.isEmpty() ? null
                    : share(withTools, s -> Boolean.TRUE.equals(s.callsRight())));
            List<Scored> calling = withTools.stream().filter(s -> !s.calls().isEmpty()).toList();
            row.put("invented_arguments", calling.isEmpty() ? null
                    : share(calling, s -> ToolCallCheck.inventsArguments(s.calls(), s.prompt().messages())));
            List<Scored> fromResults = scored.stream().filter(Scored::answersFromResults).toList();
            row.put("answer_from_result_accuracy", fromResults.isEmpty() ? null
                    : fromResults.stream().mapToDouble(Scored::recall).average().orElse(0));
            row.put("truncated", scored.stream().filter(Scored::truncated).count());
            return row;
        }

        private static double share(List<Scored> scored, Predicate<Scored> test) {
            return scored.isEmpty() ? 0 : (double) scored.stream().filter(test).count() / scored.size();
        }

        private static Map<String, List<Scored>> byCategory(List<Scored> scored) {
            Map<String, List<Scored>> out = new TreeMap<>();
            scored.forEach(s -> out.computeIfAbsent(s.prompt().category(), c -> new ArrayList<>()).add(s));
            return out;
        }

        String markdown() {
            StringBuilder md = new StringBuilder("| category | answers | format valid | block when parallelizable"
                    + " | no block when serial | content accuracy | serial-only baseline | with tools"
                    + " | tool-call accuracy | invented arguments | truncated |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            Map<String, List<Scored>> baseline = serial == null ? Map.of() : byCategory(serial);
            byCategory(aspd).forEach((category, list) -> md.append(line(category, row(list, baseline.get(category)))));
            Map<String, Object> all = row(aspd, serial);
            md.append(line("**all**", all));
            md.append(String.format(Locale.ROOT, "%nAnswer-from-result accuracy (content accuracy of the answers to"
                    + " tool results): %s. Tool-call accuracy counts a conversation with tools as right when it makes"
                    + " exactly the expected calls, or none when none is expected; content accuracy of a turn that"
                    + " should call is its tool-call accuracy.%n", percent(all.get("answer_from_result_accuracy"))));
            return md.toString();
        }

        private static String line(String name, Map<String, Object> row) {
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %d | %s | %s | %d |%n", name,
                    (Integer) row.get("answers"), percent(row.get("format_validity")),
                    percent(row.get("parallelizable_with_block")), percent(row.get("serial_without_block")),
                    percent(row.get("content_accuracy")), percent(row.get("baseline_content_accuracy")),
                    (Integer) row.get("with_tools"), percent(row.get("tool_call_accuracy")),
                    percent(row.get("invented_arguments")), (Long) row.get("truncated"));
        }

        private static String percent(Object value) {
            return value == null ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * (Double) value);
        }
    }
}
