package io.aspd.train;

import io.aspd.markup.AspdTokenIds;
import io.aspd.model.ChatTemplate;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Layout;
import io.aspd.model.TensorType;
import io.aspd.model.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar aspd-server.jar train ...}: serial-parallel training of a Qwen2-architecture model from chat
 * records, exported as a Hugging Face model folder the server loads.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a Qwen2-architecture ASPD model on chat JSONL and exports a model folder.")
public final class TrainCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);
    static final String[] TOKENIZER_FILES = {"tokenizer.json", "tokenizer_config.json"};

    @Option(names = "--train", required = true, description = "training conversations (OpenAI chat JSONL)")
    Path train;
    @Option(names = "--heldout", required = true, description = "held-out conversations for the held-out loss")
    Path heldout;
    @Option(names = "--tokenizer", required = true, description = "folder with tokenizer.json and tokenizer_config.json")
    Path tokenizerDir;
    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;
    @Option(names = "--work", description = "checkpoints and training log (default: OUT.work)")
    Path work;
    @Option(names = "--resume", description = "continue from the checkpoint in the work folder")
    boolean resume;
    @Option(names = "--init-from", description = "start from this model folder's weights (fine-tuning): its config.json "
            + "replaces the architecture options and its tokenizer must be the one given with --tokenizer")
    Path initFrom;
    @Option(names = "--plain", description = "train on answers without ASPD markup (the serial-only baseline)")
    boolean plain;
    @Option(names = "--stop-at", description = "stop (with a checkpoint) at this step; resume later with --resume")
    Integer stopAt;

    @Option(names = "--hidden", defaultValue = "256") int hidden;
    @Option(names = "--layers", defaultValue = "6") int layers;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--kv-heads", defaultValue = "2") int kvHeads;
    @Option(names = "--intermediate", defaultValue = "704") int intermediate;
    @Option(names = "--max-positions", defaultValue = "1024") int maxPositions;
    @Option(names = "--rope-theta", defaultValue = "10000") double ropeTheta;

    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--max-length", defaultValue = "384") int maxLength;
    @Option(names = "--steps", defaultValue = "4000") int steps;
    @Option(names = "--warmup", defaultValue = "200") int warmup;
    @Option(names = "--lr", defaultValue = "2e-3") double learningRate;
    @Option(names = "--min-lr", defaultValue = "1e-4") double minLearningRate;
    @Option(names = "--weight-decay", defaultValue = "0.1") double weightDecay;
    @Option(names = "--clip", defaultValue = "1.0") double clip;
    @Option(names = "--eval-every", defaultValue = "100") int evalEvery;
    @Option(names = "--checkpoint-every", defaultValue = "200") int checkpointEvery;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads") int threads;
    @Option(names = "--dtype", defaultValue = "F16", description = "weight type of the exported model: F32, F16, BF16")
    TensorType dtype;

    @Override
    public Integer call() throws IOException {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        Path workDir = work != null ? work : out.resolveSibling(out.getFileName() + ".work");
        Files.createDirectories(workDir);
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerDir)) {
            ChatTemplate template = ChatTemplate.load(tokenizerDir);
            // The tokenizer folder names one EOS (tokenizer_config.json's eos_token): the end of an assistant turn.
            String eos = tokenizer.decode(new int[] {tokenizer.eosTokenIds().stream().min(Integer::compare).orElseThrow()});
            ExampleEncoder encoder = new ExampleEncoder(template, tokenizer, eos, plain);
            List<TrainingExample> trainExamples = encode(train, encoder);
            List<TrainingExample> heldoutExamples = encode(heldout, encoder);
            AspdTokenIds ids = AspdTokenIds.lookup(tokenizer::tokenId);
            int padId = tokenizer.tokenId("<|endoftext|>").orElse(tokenizer.eosTokenIds().iterator().next());
            ModelConfig config = initFrom != null ? fineTuningConfig(tokenizer)
                    : new ModelConfig(ModelConfig.QWEN2, tokenizer.vocabSize(), hidden, layers, heads, kvHeads,
                            hidden / heads, intermediate, ropeTheta, 1e-6, true, maxPositions);
            TrainingSettings settings = new TrainingSettings(batch, maxLength, steps, warmup, learningRate,
                    minLearningRate, weightDecay, clip, evalEvery, checkpointEvery, seed, plain);
            log.info("training {} ({} parameters) on {} conversations, {} held out{}", out,
                    String.format(Locale.ROOT, "%,d", parameterCount(config)), trainExamples.size(),
                    heldoutExamples.size(), plain ? ", answers without markup" : "");
            try (Trainer trainer = new Trainer(config, settings, trainExamples, heldoutExamples, ids, padId, workDir,
                    resume, Optional.ofNullable(initFrom))) {
                double heldoutLoss = trainer.run(stopAt == null ? steps : stopAt);
                ModelExport.write(trainer.weights(), dtype, tokenizerDir, out);
                LossCurve.write(trainer.history(), "training " + out.getFileName(), out.resolve("loss-curve.png"));
                Files.copy(workDir.resolve("training-log.csv"), out.resolve("training-log.csv"),
                        StandardCopyOption.REPLACE_EXISTING);
                System.out.printf(Locale.ROOT, "held-out loss %.4f; model written to %s%n", heldoutLoss, out);
            }
        }
        return 0;
    }

    /**
     * The architecture of the model to fine-tune. Its token ids must mean what the training tokenizer's ids mean, so
     * the two folders must hold the same tokenizer.json.
     */
    private ModelConfig fineTuningConfig(TextTokenizer tokenizer) throws IOException {
        byte[] ours = Files.readAllBytes(tokenizerDir.resolve("tokenizer.json"));
        byte[] theirs = Files.readAllBytes(initFrom.resolve("tokenizer.json"));
        if (!Arrays.equals(ours, theirs)) {
            throw new IllegalArgumentException("--init-from " + initFrom + " has a different tokenizer.json than --tokenizer "
                    + tokenizerDir + "; fine-tuning needs the model's own tokenizer");
        }
        ModelConfig config = ModelConfig.load(initFrom);
        log.info("fine-tuning {}: the architecture options are taken from its config.json", initFrom);
        if (config.vocabSize() < tokenizer.vocabSize()) {
            throw new IllegalArgumentException("--init-from " + initFrom + " has " + config.vocabSize()
                    + " embeddings for a tokenizer of " + tokenizer.vocabSize() + " tokens");
        }
        return config;
    }

    private static long parameterCount(ModelConfig config) {
        return Qwen2Layout.tensorShapes(config).values().stream()
                .mapToLong(shape -> Arrays.stream(shape).reduce(1, Math::multiplyExact)).sum();
    }

    private List<TrainingExample> encode(Path file, ExampleEncoder encoder) {
        List<TrainingExample> examples = new ArrayList<>();
        int tooLong = 0;
        for (ChatConversation conversation : ChatRecords.read(file)) {
            TrainingExample example = encoder.encode(conversation);
            if (example.length() > maxLength) {
                tooLong++;
            } else {
                examples.add(example);
            }
        }
        if (tooLong > 0) {
            log.warn("{}: left out {} conversations longer than {} tokens", file, tooLong, maxLength);
        }
        return examples;
    }
}
