package io.aspd.serving;

import io.aspd.engine.GenerationRequest;

/**
 * One generation of a request: a choice of the response.
 *
 * @param choice  its index among the response's choices
 * @param request what to generate
 * @param seed    the seed of this choice, derived from the request's seed
 */
public record ChoiceGeneration(int choice, GenerationRequest request, long seed) {
}
