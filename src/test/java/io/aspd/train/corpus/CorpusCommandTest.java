package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CorpusCommandTest {

    @Test
    void writesBothFormsOfBothSetsAndPrintsTheSummary(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new CorpusCommand())
                    .execute("--seed", "3", "--train-size", "500", "--out-dir", dir.toString());
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isZero();
        List<String> train = Files.readAllLines(dir.resolve("train.jsonl"));
        List<String> trainPlain = Files.readAllLines(dir.resolve("train-plain.jsonl"));
        List<String> heldOut = Files.readAllLines(dir.resolve("heldout.jsonl"));
        assertThat(train).hasSize(500).anyMatch(l -> l.contains("<|para|>"));
        assertThat(trainPlain).hasSize(500).noneMatch(l -> l.contains("<|"));
        assertThat(heldOut).hasSameSizeAs(Files.readAllLines(dir.resolve("heldout-plain.jsonl"))).isNotEmpty();
        String summary = captured.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("multi_part", "out_of_domain", "parallel share");
    }
}
