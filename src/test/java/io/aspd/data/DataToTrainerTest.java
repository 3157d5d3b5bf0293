package io.aspd.data;

import static io.aspd.data.ChatLines.PROCEDURE;
import static io.aspd.data.ChatLines.TIPS;
import static io.aspd.data.ChatLines.chat;
import static io.aspd.data.ChatLines.multiTurn;
import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.cli.AspdCli;
import io.aspd.testkit.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: what the data pipeline writes is what the trainer reads, and a model trains on it. */
class DataToTrainerTest {
    @TempDir
    Path dir;

    @Test
    void pipelineOutputTrainsAModel() throws Exception {
        Path input = Files.writeString(dir.resolve("chats.jsonl"), String.join("\n", List.of(
                chat("a", "How can I sleep better?", TIPS),
                chat("b", "How do I install it?", PROCEDURE),
                multiTurn("You are helpful.", "Hi", "Hello!", "Tips for sleep?", TIPS))) + "\n");
        Path output = dir.resolve("aspd.jsonl");
        assertThat(AspdCli.run(new String[] {"data", "--input", input.toString(), "--output", output.toString()}))
                .isZero();
        assertThat(Files.readString(output)).contains("<|para|>");

        Path tokenizer = dir.resolve("tokenizer");
        TestModels.writeTokenizer(tokenizer);
        Path model = dir.resolve("model");
        int exit = AspdCli.run(new String[] {"train", "--train", output.toString(), "--heldout", output.toString(),
            "--tokenizer", tokenizer.toString(), "--out", model.toString(), "--hidden", "32", "--layers", "1",
            "--heads", "2", "--kv-heads", "1", "--intermediate", "64", "--max-positions", "512", "--max-length", "512",
            "--batch", "2", "--steps", "4", "--warmup", "1", "--eval-every", "2", "--checkpoint-every", "4",
            "--threads", "1"});
        assertThat(exit).isZero();
        List<String> log = Files.readAllLines(model.resolve("training-log.csv"));
        assertThat(log).as("header, then steps 0, 2 and 4").hasSize(1 + 3);
    }
}
