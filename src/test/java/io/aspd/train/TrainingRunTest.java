package io.aspd.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.cli.AspdCli;
import io.aspd.engine.AspdMode;
import io.aspd.engine.EngineVocabulary;
import io.aspd.engine.GenerationRequest;
import io.aspd.engine.GenerationResult;
import io.aspd.engine.HybridDecoder;
import io.aspd.engine.SamplingParams;
import io.aspd.markup.AspdTokenIds;
import io.aspd.model.ChatTemplate;
import io.aspd.model.KvCache;
import io.aspd.model.ModelBundle;
import io.aspd.model.ModelConfig;
import io.aspd.model.TextTokenizer;
import io.aspd.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke training CI runs: a tiny model learns a tiny ASPD corpus, checkpoints resume exactly, the export serves. */
class TrainingRunTest {
    @TempDir
    Path dir;

    static final String[] ANSWERS = {
        "We accept:\n<|title|>Card<|/title|><|title|>Cash<|/title|><|para|><|branch|>Card: Visa and Mastercard.<|/branch|>"
            + "<|branch|>Cash: At every store.<|/branch|><|/para|>\nAnything else?",
        "Our store opens at nine.",
        "Try this:\n<|title|>Restart<|/title|><|title|>Cable<|/title|><|title|>Call<|/title|><|para|>"
            + "<|branch|>Restart: Turn it off and on.<|/branch|><|branch|>Cable: Check the cable.<|/branch|>"
            + "<|branch|>Call: Phone us any time.<|/branch|><|/para|>",
        "First open the app, then log in, then tap pay.",
    };
    static final String[] QUESTIONS = {"How can I pay?", "When do you open?", "My internet is slow.", "How do I pay in the app?"};

    private Path corpus(String name, int copies) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < ANSWERS.length; i++) {
                out.append("{\"messages\":[{\"role\":\"user\",\"content\":\"").append(QUESTIONS[i])
                        .append("\"},{\"role\":\"assistant\",\"content\":\"")
                        .append(ANSWERS[i].replace("\n", "\\n")).append("\"}]}\n");
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, out);
        return file;
    }

    @Test
    void theTrainCommandLowersTheLossAndExportsAModelTheEngineServes() throws Exception {
        Path tokenizer = dir.resolve("tokenizer");
        TestModels.writeTokenizer(tokenizer);
        Path out = dir.resolve("model");
        int exit = AspdCli.run(new String[] {"train", "--train", corpus("train.jsonl", 8).toString(),
            "--heldout", corpus("heldout.jsonl", 1).toString(), "--tokenizer", tokenizer.toString(),
            "--out", out.toString(), "--hidden", "32", "--layers", "2", "--heads", "2", "--kv-heads", "1",
            "--intermediate", "64", "--max-positions", "256", "--batch", "4", "--steps", "60", "--warmup", "5",
            "--lr", "1e-2", "--min-lr", "1e-3", "--eval-every", "20", "--checkpoint-every", "30", "--threads", "1"});
        assertThat(exit).isZero();

        List<String> log = Files.readAllLines(out.resolve("training-log.csv"));
        double first = Double.parseDouble(log.get(1).split(",")[2]);
        double last = Double.parseDouble(log.get(log.size() - 1).split(",")[2]);
        assertThat(last).as("held-out loss falls: %s", log).isLessThan(0.5 * first);
        assertThat(Files.size(out.resolve("loss-curve.png"))).isPositive();

        try (ModelBundle bundle = ModelBundle.load(out)) {
            EngineVocabulary vocabulary = new EngineVocabulary(bundle.tokenizer(), bundle.model().config().vocabSize());
            int[] prompt = bundle.tokenizer().encode(bundle.chatTemplate().render(
                    List.of(new io.aspd.model.ChatMessage("user", QUESTIONS[0])), true));
            try (KvCache cache = bundle.model().newCache(64)) {
                GenerationResult result = new HybridDecoder(new GenerationRequest(prompt, 60, SamplingParams.greedy(),
                        List.of(), AspdMode.PARALLEL, 8, 64, -1), vocabulary, cache, 256, 0, p -> { })
                        .runToEnd(bundle.model());
                assertThat(result.tokenIds()).as("the exported model decodes").isNotEmpty();
            }
        }
    }

    @Test
    void fineTuningStartsFromTheGivenModelsWeightsNotFromRandomOnes() throws Exception {
        Path tokenizer = dir.resolve("tokenizer");
        TestModels.writeTokenizer(tokenizer);
        String train = corpus("train.jsonl", 8).toString();
        String heldout = corpus("heldout.jsonl", 1).toString();
        String[] common = {"train", "--train", train, "--heldout", heldout, "--tokenizer", tokenizer.toString(),
            "--batch", "4", "--warmup", "5", "--lr", "1e-2", "--min-lr", "1e-3", "--eval-every", "20",
            "--checkpoint-every", "60", "--threads", "1", "--dtype", "F32"};
        Path base = dir.resolve("base");
        assertThat(AspdCli.run(concat(common, "--out", base.toString(), "--steps", "60", "--hidden", "32", "--layers",
                "2", "--heads", "2", "--kv-heads", "1", "--intermediate", "64", "--max-positions", "256"))).isZero();
        Path tuned = dir.resolve("tuned");
        assertThat(AspdCli.run(concat(common, "--out", tuned.toString(), "--steps", "20", "--init-from",
                base.toString()))).isZero();

        double baseFinal = heldoutLoss(base, -1);
        double tunedStart = heldoutLoss(tuned, 0);
        assertThat(tunedStart).as("the fine-tuning run's step-0 loss is the base model's final loss")
                .isCloseTo(baseFinal, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(tunedStart).as("far below an untrained model's").isLessThan(0.5 * heldoutLoss(base, 0));
        assertThat(ModelConfig.load(tuned)).isEqualTo(ModelConfig.load(base));
    }

    /** The held-out loss logged at a row of the model's training log (row -1: the last). */
    private static double heldoutLoss(Path model, int row) throws Exception {
        List<String> log = Files.readAllLines(model.resolve("training-log.csv"));
        return Double.parseDouble(log.get(row < 0 ? log.size() - 1 : row + 1).split(",")[2]);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    @Test
    void aRunSplitByACheckpointEndsWithExactlyTheWeightsOfAnUnbrokenRun() throws Exception {
        Path tokenizerDir = dir.resolve("tokenizer");
        TestModels.writeTokenizer(tokenizerDir);
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerDir)) {
            ExampleEncoder encoder = new ExampleEncoder(ChatTemplate.load(tokenizerDir), tokenizer, "<|im_end|>", false);
            List<TrainingExample> examples = new ArrayList<>();
            ChatRecords.read(corpus("c.jsonl", 4)).forEach(c -> examples.add(encoder.encode(c)));
            AspdTokenIds ids = AspdTokenIds.lookup(tokenizer::tokenId);
            ModelConfig config = new ModelConfig(ModelConfig.QWEN2, tokenizer.vocabSize(), 32, 2, 2, 1, 16, 64, 10000,
                    1e-6, true, 256);
            TrainingSettings settings = new TrainingSettings(4, 256, 12, 2, 1e-2, 1e-3, 0.1, 1.0, 6, 6, 3, false);
            Map<String, float[]> unbroken;
            List<Integer> unbrokenLogSteps;
            try (Trainer trainer = new Trainer(config, settings, examples, examples, ids, 0, dir.resolve("a"), false, Optional.empty())) {
                trainer.run();
                unbroken = values(trainer);
                unbrokenLogSteps = logSteps(trainer);
            }
            try (Trainer first = new Trainer(config, settings, examples, examples, ids, 0, dir.resolve("b"), false, Optional.empty())) {
                first.run(6);
            }
            try (Trainer resumed = new Trainer(config, settings, examples, examples, ids, 0, dir.resolve("b"), true, Optional.empty())) {
                resumed.run();
                Map<String, float[]> split = values(resumed);
                unbroken.forEach((name, expected) -> assertThat(split.get(name)).as(name).containsExactly(expected,
                        org.assertj.core.data.Offset.offset(1e-6f)));
                // The loss curve keeps the checkpoint's own evaluation point: the split run logs the same steps.
                assertThat(logSteps(resumed)).isEqualTo(unbrokenLogSteps).contains(6);
            }
        }
    }

    private static List<Integer> logSteps(Trainer trainer) {
        return trainer.history().stream().map(TrainingLog.Point::step).toList();
    }

    private static Map<String, float[]> values(Trainer trainer) {
        Map<String, float[]> out = new java.util.HashMap<>();
        trainer.weights().parameters().forEach((name, array) -> out.put(name, array.toFloatArray()));
        return out;
    }
}
