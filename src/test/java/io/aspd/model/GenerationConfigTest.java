package io.aspd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {

    @TempDir
    Path folder;

    private GenerationConfig load(String json) throws IOException {
        Files.writeString(folder.resolve(GenerationConfig.FILE), json);
        return GenerationConfig.load(folder);
    }

    private SamplingDefaults sampling(String json) throws IOException {
        return load(json).sampling();
    }

    @Test
    void noFileRecommendsNothing() {
        GenerationConfig config = GenerationConfig.load(folder);
        assertThat(config.eosTokenIds()).isEmpty();
        assertThat(config.sampling()).isEqualTo(SamplingDefaults.NONE);
        assertThat(config.sampling().toString()).isEqualTo("none");
    }

    @Test
    void doSampleFalseIsGreedyWhateverTemperatureTheFileNames() throws IOException {
        GenerationConfig config = load("{\"eos_token_id\": [7, 3], \"do_sample\": false, \"temperature\": 0.7}");
        assertThat(config.eosTokenIds()).isEqualTo(List.of(7, 3));
        assertThat(config.sampling().temperature()).isEqualTo(OptionalDouble.of(0));
        assertThat(config.sampling().toString()).isEqualTo("temperature=0.0");
    }

    @Test
    void samplingValuesAreTakenAsTheyAre() throws IOException {
        SamplingDefaults sampling = load("{\"eos_token_id\": 5, \"do_sample\": true, \"temperature\": 0.7,"
                + " \"top_p\": 0.8, \"top_k\": 20, \"repetition_penalty\": 1.05}").sampling();
        assertThat(sampling).isEqualTo(new SamplingDefaults(OptionalDouble.of(0.7), OptionalDouble.of(0.8),
                OptionalInt.of(20), OptionalDouble.of(1.05)));
    }

    @Test
    void withoutDoSampleOnlyTheNamedValuesAreDefaults() throws IOException {
        SamplingDefaults sampling = load("{\"top_k\": 40}").sampling();
        assertThat(sampling.temperature()).isEmpty();
        assertThat(sampling.topK()).isEqualTo(OptionalInt.of(40));
    }

    @Test
    void aValueNoRequestCouldAskForFailsNamingTheKeyWhenTheSamplingIsAskedFor() throws IOException {
        assertThatThrownBy(() -> sampling("{\"temperature\": 3}")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> sampling("{\"top_p\": 0}")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("top_p");
        assertThatThrownBy(() -> sampling("{\"top_k\": 2.5}")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("top_k");
        assertThatThrownBy(() -> sampling("{\"do_sample\": \"no\"}")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("do_sample");
        assertThatThrownBy(() -> sampling("{\"repetition_penalty\": \"high\"}"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("repetition_penalty");
        // the end-of-answer ids of such a file are still read: a server ignoring its sampling loads it
        assertThat(load("{\"eos_token_id\": 9, \"temperature\": 3}").eosTokenIds()).isEqualTo(List.of(9));
    }

    @Test
    void theShippedModelIsDecodedGreedilyByDefault() {
        assertThat(GenerationConfig.load(Path.of("models/aspd-mini")).sampling().temperature())
                .isEqualTo(OptionalDouble.of(0));
    }
}
