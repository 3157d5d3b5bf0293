package io.aspd.train.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aspd.train.corpus.CorpusCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenizerCommandTest {

    @Test
    void trainsOnAGeneratedCorpusAndVerifiesWithDjl(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus");
        Path out = dir.resolve("tokenizer");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int corpusExit;
        int tokenizerExit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            corpusExit = new CommandLine(new CorpusCommand())
                    .execute("--train-size", "1000", "--out-dir", corpus.toString());
            tokenizerExit = new CommandLine(new TokenizerCommand()).execute(
                    "--corpus", corpus.resolve("train.jsonl").toString(), corpus.resolve("train-plain.jsonl").toString(),
                    "--vocab-size", "1500", "--verify-sample", "300", "--out-dir", out.toString());
        } finally {
            System.setOut(original);
        }

        assertThat(corpusExit).isZero();
        assertThat(tokenizerExit).isZero();
        assertThat(out.resolve("tokenizer.json")).exists();
        assertThat(out.resolve("tokenizer_config.json")).exists();
        assertThat(HuggingFaceTokenizerFiles.read(out).size()).isLessThanOrEqualTo(1500);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("tokens per answer", "DJL check: 300 of 300 conversations");
        assertThat(Files.readString(out.resolve("tokenizer.json"))).contains("\"type\" : \"BPE\"");
    }
}
