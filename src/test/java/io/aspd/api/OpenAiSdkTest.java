package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The official OpenAI Java SDK against the server, with response validation on: every response and chunk must have
 * the fields and types the SDK requires.
 */
class OpenAiSdkTest extends PlainModelServerTest {
    @LocalServerPort
    int port;

    private OpenAIClient openAi;

    @BeforeEach
    void connect() {
        openAi = Wire.openAiClient(port, Duration.ofSeconds(60));
    }

    @AfterEach
    void close() {
        openAi.close();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessage("Write something.")
                .maxCompletionTokens(8)
                .seed(17);
    }

    @Test
    void nonStreamingChat() {
        ChatCompletion completion = openAi.chat().completions().create(chat().build());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).isPresent();
        assertThat(choice.finishReason()).isIn(ChatCompletion.Choice.FinishReason.STOP,
                ChatCompletion.Choice.FinishReason.LENGTH);
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void streamingChatWithUsageJoinsToTheNonStreamingText() {
        String whole = openAi.chat().completions().create(chat().build()).choices().get(0).message().content()
                .orElseThrow();

        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(chat()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks) {
            chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
        }
        assertThat(text.toString()).isEqualTo(whole);
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).isPresent();
        assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(chunk -> chunk.usage().isEmpty());
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason()).isPresent();
    }

    @Test
    void stopEndsTheAnswerBeforeTheStopString() {
        String whole = openAi.chat().completions().create(chat().maxCompletionTokens(20).build())
                .choices().get(0).message().content().orElseThrow();
        assertThat(whole.length()).isGreaterThan(4);
        String stop = whole.substring(whole.length() / 2, whole.length() / 2 + 2);

        ChatCompletion stopped = openAi.chat().completions().create(chat().maxCompletionTokens(20)
                .stop(ChatCompletionCreateParams.Stop.ofString(stop)).build());

        assertThat(stopped.choices().get(0).message().content()).contains(whole.substring(0, whole.indexOf(stop)));
        assertThat(stopped.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void twoChoices() {
        ChatCompletion completion = openAi.chat().completions().create(chat().n(2).build());

        assertThat(completion.choices()).extracting(ChatCompletion.Choice::index).containsExactly(0L, 1L);
    }

    @Test
    void textCompletionsAndModels() {
        Completion completion = openAi.completions().create(CompletionCreateParams.builder()
                .model(MODEL).prompt("Once").maxTokens(4).seed(3).build());
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).text()).isNotNull();

        List<Model> models = openAi.models().list().items();
        assertThat(models).extracting(Model::id).containsExactly(MODEL);
    }

    @Test
    void errorsArriveAsTheSdksExceptions() {
        assertThatThrownBy(() -> openAi.chat().completions().create(chat().n(0).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("n");
                });
        assertThatThrownBy(() -> openAi.chat().completions().create(chat().model("gpt-4o").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
        assertThatThrownBy(() -> openAi.chat().completions().createStreaming(chat().temperature(5.0).build()).close())
                .isInstanceOf(BadRequestException.class);
    }
}
