package io.aspd.train.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CompanyTest {

    private static String shippedJson() throws IOException {
        try (InputStream in = Company.class.getResourceAsStream(Company.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Company read(String json) {
        return Company.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void loadsTheShippedFacts() {
        Company company = Company.load();

        assertThat(company.profile().name()).isEqualTo("Pebblenet");
        assertThat(company.productsOf("internet")).extracting(Company.Product::name)
                .containsExactly("Basic 100", "Flex 300", "Plus 500", "Max 1000");
        assertThat(company.products()).allMatch(p -> !company.productsOf(p.family()).isEmpty());
        assertThat(company.products().get(2).priceText()).isEqualTo("$49/month");
        assertThat(company.productsOf("wifi").get(0).priceText()).isEqualTo("$129");
    }

    @Test
    void rejectsAnItemWhoseBodyLacksItsFact() throws IOException {
        String broken = shippedJson().replace("\"fact\": \"0800 555 0142\"", "\"fact\": \"0800 000 0000\"");

        assertThatThrownBy(() -> read(broken)).hasMessageContaining("does not contain its fact");
    }

    @Test
    void rejectsAPolicyAnswerThatLacksAFact() throws IOException {
        String broken = shippedJson().replace("\"facts\": [\"2-year warranty\"]", "\"facts\": [\"3-year warranty\"]");

        assertThatThrownBy(() -> read(broken)).hasMessageContaining("3-year warranty");
    }

    @Test
    void rejectsUnknownFieldsSoTyposDoNotGoUnnoticed() throws IOException {
        String broken = shippedJson().replace("\"bestFor\": \"families who stream and game\"",
                "\"bestFor\": \"families who stream and game\", \"bestfor\": \"typo\"");

        assertThatThrownBy(() -> read(broken)).hasMessageContaining("bestfor");
    }
}
