package io.aspd.train.corpus;

/**
 * Which part of the surface-form pools a question may use. Training records draw only from the training part and
 * held-out records only from the held-out part, so the held-out set asks in phrasings the model never saw.
 */
enum PhrasingSplit {
    TRAIN, HELD_OUT
}
