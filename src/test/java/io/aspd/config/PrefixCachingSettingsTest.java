package io.aspd.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code aspd.engine.prefix-caching}, bound as the server binds it: on by default, off when set so, never guessed. */
class PrefixCachingSettingsTest {

    private static AspdProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("aspd", AspdProperties.class);
    }

    @Test
    void prefixCachingIsOnByDefaultAndCanBeTurnedOff() {
        assertThat(bind(Map.of()).engine().prefixCaching()).isTrue();
        assertThat(bind(Map.of("aspd.engine.prefix-caching", "false")).engine().prefixCaching()).isFalse();
    }

    @Test
    void aValueThatIsNotABooleanStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("aspd.engine.prefix-caching", "sometimes")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("aspd.engine.prefix-caching");
    }
}
