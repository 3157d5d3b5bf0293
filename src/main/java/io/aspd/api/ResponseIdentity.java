package io.aspd.api;

import io.aspd.serving.ServedModel;
import java.time.Instant;
import java.util.UUID;

/** What every chunk of one response repeats: its id, creation time, model and system fingerprint. */
record ResponseIdentity(String id, long created, String model, String systemFingerprint) {
    static ResponseIdentity create(String idPrefix, ServedModel model) {
        return new ResponseIdentity(idPrefix + UUID.randomUUID().toString().replace("-", ""),
                Instant.now().getEpochSecond(), model.id(), model.systemFingerprint());
    }
}
