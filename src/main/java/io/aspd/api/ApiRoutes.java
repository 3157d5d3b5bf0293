package io.aspd.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The HTTP surface. Functional routes rather than annotated controllers, because the streaming answer writes its SSE
 * frames itself and decides between JSON and SSE from the body's {@code stream} flag, which content negotiation cannot
 * see.
 */
@Configuration(proxyBeanMethods = false)
class ApiRoutes {
    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    static final String COMPLETIONS = "/v1/completions";
    static final String MODELS = "/v1/models";
    static final String TOKENIZE = "/tokenize";
    static final String DETOKENIZE = "/detokenize";

    @Bean
    RouterFunction<ServerResponse> openAiRoutes(ChatCompletionsHandler chat, CompletionsHandler completions,
                                             ModelsHandler models, TokenizerHandler tokenizer) {
        return RouterFunctions.route()
                .POST(CHAT_COMPLETIONS, chat::handle)
                .POST(COMPLETIONS, completions::handle)
                .GET(MODELS, models::list)
                .GET(MODELS + "/{*id}", models::get)
                .POST(TOKENIZE, tokenizer::tokenize)
                .POST(DETOKENIZE, tokenizer::detokenize)
                .build();
    }
}
