package io.aspd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

/** {@code aspd.engine.prefix-caching}, bound as the server binds it: on by default, off when set so, never guessed. */
class PrefixCachingSettingsTest {

    @Test
    void prefixCachingIsOnByDefaultAndCanBeTurnedOff() {
        assertThat(TestProperties.bind(Map.of()).engine().prefixCaching()).isTrue();
        assertThat(TestProperties.bind(Map.of("aspd.engine.prefix-caching", "false")).engine().prefixCaching()).isFalse();
    }

    @Test
    void aValueThatIsNotABooleanStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> TestProperties.bind(Map.of("aspd.engine.prefix-caching", "sometimes")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("aspd.engine.prefix-caching");
    }
}
