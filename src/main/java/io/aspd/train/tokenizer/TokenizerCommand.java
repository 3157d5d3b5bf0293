package io.aspd.train.tokenizer;

import io.aspd.model.ChatMessage;
import io.aspd.model.ChatTemplate;
import io.aspd.train.ChatConversation;
import io.aspd.train.ChatRecords;
import io.aspd.train.corpus.Percentiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the byte-level BPE tokenizer on chat JSON lines, each conversation rendered as the model will see it: by the
 * chat template the tokenizer folder gets ({@link ChatMl#TEMPLATE}: ChatML, tools as signatures, Hermes calls). Writes
 * the Hugging Face files, and prints vocabulary size, training time and token counts. Unless disabled, it then checks
 * a sample of the corpus against DJL's native tokenizer loading the written file.
 */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE tokenizer on chat JSON lines and write tokenizer.json.")
public final class TokenizerCommand implements Callable<Integer> {

    @Option(names = "--corpus", required = true, arity = "1..*", description = "Chat JSON lines files.")
    List<Path> corpus;

    @Option(names = "--vocab-size", description = "Total vocabulary incl. bytes and special tokens (default: ${DEFAULT-VALUE}).")
    int vocabSize = 4096;

    @Option(names = "--min-frequency", description = "Rarest pair still merged (default: ${DEFAULT-VALUE}).")
    int minFrequency = 2;

    @Option(names = "--model-max-length", description = "Context length for tokenizer_config.json (default: ${DEFAULT-VALUE}).")
    int modelMaxLength = 2048;

    @Option(names = "--verify-sample", description = "Conversations checked against DJL after writing; 0 skips (default: ${DEFAULT-VALUE}).")
    int verifySample = 2000;

    @Option(names = "--out-dir", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("target", "tokenizer");

    @Override
    public Integer call() throws Exception {
        List<ChatConversation> conversations = new ArrayList<>();
        for (Path file : corpus) {
            conversations.addAll(ChatRecords.read(file));
        }
        ChatTemplate template = ChatTemplate.of(ChatMl.TEMPLATE, Map.of());
        List<String> texts = conversations.stream()
                .map(c -> template.render(c.messages(), c.tools(), false, Map.of())).toList();

        long start = System.nanoTime();
        BpeVocabulary vocabulary = new BpeTrainer(vocabSize, minFrequency, SpecialTokens.ALL).train(texts);
        double seconds = (System.nanoTime() - start) / 1e9;
        HuggingFaceTokenizerFiles.write(vocabulary, outDir, modelMaxLength);

        ByteLevelBpe encoder = new ByteLevelBpe(vocabulary);
        System.out.printf(Locale.ROOT, "conversations: %d, characters: %d%n", texts.size(),
                texts.stream().mapToLong(String::length).sum());
        System.out.printf(Locale.ROOT, "vocabulary: %d (256 bytes + %d merged tokens + %d special), %d merges%n",
                vocabulary.size(), vocabulary.tokens().size() - 256, vocabulary.specialTokens().size(),
                vocabulary.merges().size());
        System.out.printf(Locale.ROOT, "training time: %.2f s (pre-tokenizing and counting included)%n", seconds);
        printTokenStats(texts, conversations, encoder);
        if (verifySample > 0) {
            verify(texts, encoder);
        }
        System.out.println("wrote " + outDir.toAbsolutePath());
        return 0;
    }

    private static void printTokenStats(List<String> texts, List<ChatConversation> conversations,
                                        ByteLevelBpe encoder) {
        long tokens = texts.stream().mapToLong(t -> encoder.encode(t).length).sum();
        long chars = texts.stream().mapToLong(String::length).sum();
        System.out.printf(Locale.ROOT, "tokens per character: %.3f%n", tokens / (double) chars);
        int[] answers = conversations.stream().flatMap(c -> c.messages().stream())
                .filter(m -> m.role().equals("assistant")).map(ChatMessage::content).filter(Objects::nonNull)
                .mapToInt(content -> encoder.encode(content).length).sorted().toArray();
        int[] whole = texts.stream().mapToInt(t -> encoder.encode(t).length).sorted().toArray();
        System.out.printf(Locale.ROOT, "tokens per answer: mean %.1f, p95 %d, max %d%n",
                Arrays.stream(answers).average().orElse(0), Percentiles.nearestRank(answers, 95),
                answers[answers.length - 1]);
        System.out.printf(Locale.ROOT, "tokens per conversation (ChatML): mean %.1f, p95 %d, max %d%n",
                Arrays.stream(whole).average().orElse(0), Percentiles.nearestRank(whole, 95), whole[whole.length - 1]);
    }

    /** Evenly spaced conversations, so every part of the file is represented. */
    private void verify(List<String> texts, ByteLevelBpe encoder) throws Exception {
        int step = Math.max(1, texts.size() / verifySample);
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < texts.size() && sample.size() < verifySample; i += step) {
            sample.add(texts.get(i));
        }
        try (DjlTokenizerCheck check = new DjlTokenizerCheck(outDir)) {
            List<DjlTokenizerCheck.Mismatch> mismatches = check.check(sample, encoder);
            System.out.printf(Locale.ROOT, "DJL check: %d of %d conversations give the same ids and round-trip%n",
                    sample.size() - mismatches.size(), sample.size());
            mismatches.stream().limit(3).forEach(m -> System.out.println("  " + m.problem() + " for: " + m.text()));
            if (!mismatches.isEmpty()) {
                throw new IllegalStateException("DJL disagrees with the Java encoder");
            }
        }
    }

}
