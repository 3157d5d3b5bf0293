package io.aspd.api;

import java.time.Instant;
import java.util.UUID;

/** What every chunk of one response repeats: its id, creation time and model. */
record ResponseIdentity(String id, long created, String model) {
    static ResponseIdentity create(String idPrefix, String model) {
        return new ResponseIdentity(idPrefix + UUID.randomUUID().toString().replace("-", ""),
                Instant.now().getEpochSecond(), model);
    }
}
