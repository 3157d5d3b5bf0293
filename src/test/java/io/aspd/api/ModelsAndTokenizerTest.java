package io.aspd.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelsAndTokenizerTest extends PlainModelServerTest {

    @Test
    void listsTheServedModel() {
        JsonNode list = Wire.json(client.get().uri("/v1/models").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data")).hasSize(1);
        JsonNode card = list.get("data").get(0);
        assertThat(card.get("id").asString()).isEqualTo(MODEL);
        assertThat(card.get("object").asString()).isEqualTo("model");
        assertThat(card.get("created").asLong()).isPositive();
        assertThat(card.get("owned_by").asString()).isNotBlank();
        assertThat(card.get("max_model_len").asInt()).isEqualTo(CONTEXT);

        JsonNode one = Wire.json(client.get().uri("/v1/models/" + MODEL).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(one).isEqualTo(card);
    }

    @Test
    void tokenizesTextAndDetokenizesBack() {
        JsonNode tokenized = ok("/tokenize", Wire.object("prompt", "Hello, tokenizer!", "return_token_strs", true));
        JsonNode tokens = tokenized.get("tokens");
        assertThat(tokenized.get("count").asInt()).isEqualTo(tokens.size()).isPositive();
        assertThat(tokenized.get("max_model_len").asInt()).isEqualTo(CONTEXT);
        StringBuilder pieces = new StringBuilder();
        tokenized.get("token_strs").forEach(p -> pieces.append(p.asString()));
        assertThat(pieces.toString()).isEqualTo("Hello, tokenizer!");

        JsonNode detokenized = ok("/detokenize", Wire.object("tokens", tokens));
        assertThat(detokenized.get("prompt").asString()).isEqualTo("Hello, tokenizer!");
    }

    @Test
    void tokenizesAConversationWithTheChatTemplate() {
        List<Map<String, String>> messages = List.of(Map.of("role", "user", "content", "Hi"));
        JsonNode withPrompt = ok("/tokenize", Wire.object("messages", messages));
        JsonNode withoutPrompt = ok("/tokenize", Wire.object("messages", messages, "add_generation_prompt", false));

        String rendered = ok("/detokenize", Wire.object("tokens", withPrompt.get("tokens"))).get("prompt").asString();
        assertThat(rendered).contains("<|im_start|>user\nHi<|im_end|>").endsWith("<|im_start|>assistant\n");
        assertThat(withoutPrompt.get("count").asInt()).isLessThan(withPrompt.get("count").asInt());
    }
}
