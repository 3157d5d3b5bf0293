package io.aspd.train.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generates the customer-service corpus: {@code train.jsonl} and {@code heldout.jsonl} with ASPD markup, the same
 * records rendered plain in {@code train-plain.jsonl} and {@code heldout-plain.jsonl}, and a summary on stdout.
 */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Generate the embedded model's training corpus from corpus/company.json.")
public final class CorpusCommand implements Callable<Integer> {

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = CorpusSettings.DEFAULT_SEED;

    @Option(names = "--train-size", description = "Training records; every training pair once, then repeats (default: ${DEFAULT-VALUE}).")
    int trainSize = CorpusSettings.DEFAULT_TRAIN_SIZE;

    @Option(names = "--heldout-fraction",
            description = "Share of each category's (entity, template) pairs held out (default: ${DEFAULT-VALUE}).")
    double heldOutFraction = CorpusSettings.DEFAULT_HELD_OUT_FRACTION;

    @Option(names = "--max-heldout-per-category",
            description = "Cap on held-out pairs per category (default: ${DEFAULT-VALUE}).")
    int maxHeldOutPerCategory = CorpusSettings.DEFAULT_MAX_HELD_OUT_PER_CATEGORY;

    @Option(names = "--out-dir", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path outDir = Path.of("target", "corpus");

    @Override
    public Integer call() throws Exception {
        CorpusSettings settings = new CorpusSettings(seed, trainSize, heldOutFraction, maxHeldOutPerCategory);
        CorpusGenerator generator = new CorpusGenerator(Company.load(), settings);
        Corpus corpus = generator.generate();
        Files.createDirectories(outDir);
        CorpusJsonl.write(outDir.resolve("train.jsonl"), corpus.train(), AnswerForm.MARKUP);
        CorpusJsonl.write(outDir.resolve("heldout.jsonl"), corpus.heldOut(), AnswerForm.MARKUP);
        CorpusJsonl.write(outDir.resolve("train-plain.jsonl"), corpus.train(), AnswerForm.PLAIN);
        CorpusJsonl.write(outDir.resolve("heldout-plain.jsonl"), corpus.heldOut(), AnswerForm.PLAIN);
        System.out.print(CorpusStats.summary(corpus, generator.combinations().size()));
        System.out.println("wrote " + outDir.toAbsolutePath());
        return 0;
    }

}
