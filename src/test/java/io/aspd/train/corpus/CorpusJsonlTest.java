package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CorpusJsonlTest {

    private static final CorpusRecord RECORD = new CorpusRecord("How can I pay?",
            Answer.builder().line("Two ways:")
                    .block(List.of(new Branch("Card", "Pay by card."), new Branch("PayPal", "Pay with PayPal.")))
                    .build(),
            Category.OPTIONS, List.of("card", "PayPal"), "payment_methods", "options.1");

    @Test
    void writesTheChatFormatFollowedByTheEvaluationFields() {
        String json = CorpusJsonl.toJson(RECORD, AnswerForm.MARKUP);

        assertThat(json).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"How can I pay?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Two ways:\\n<|title|>Card<|/title|><|title|>PayPal<|/title|>"
                + "<|para|><|branch|>Card: Pay by card.<|/branch|><|branch|>PayPal: Pay with PayPal.<|/branch|>"
                + "<|/para|>\"}],\"category\":\"options\",\"parallelizable\":true,\"facts\":[\"card\",\"PayPal\"],"
                + "\"entity\":\"payment_methods\",\"template\":\"options.1\"}");
    }

    @Test
    void plainFormCarriesTheRenderedAnswerAndTheSameMetadata() {
        CorpusJsonl.Line line = CorpusJsonl.parse(CorpusJsonl.toJson(RECORD, AnswerForm.PLAIN));

        assertThat(line.messages().get(1).content()).isEqualTo("Two ways:\nPay by card.\nPay with PayPal.");
        assertThat(line.parallelizable()).isTrue();
        assertThat(line).isEqualTo(CorpusJsonl.line(RECORD, AnswerForm.PLAIN));
    }
}
