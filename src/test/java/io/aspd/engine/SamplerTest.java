package io.aspd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1.0f, 3.0f, 2.0f, 0.5f, 2.9f};

    private static boolean[] all(int n) {
        boolean[] allowed = new boolean[n];
        Arrays.fill(allowed, true);
        return allowed;
    }

    private static TokenHistory empty() {
        return TokenHistory.ofPrompt(new int[0]);
    }

    @Test
    void greedyTakesTheBestAllowedToken() {
        Sampler sampler = new Sampler(SamplingParams.greedy(), 1);
        assertThat(sampler.sample(LOGITS, all(5), empty())).isEqualTo(1);
        boolean[] allowed = all(5);
        allowed[1] = false;
        assertThat(sampler.sample(LOGITS, allowed, empty())).isEqualTo(4);
    }

    @Test
    void aSeedReproducesTheSameDraws() {
        SamplingParams params = SamplingParams.seeded(1.0, 42);
        int[] a = draws(new Sampler(params, 7), 50);
        int[] b = draws(new Sampler(params, 7), 50);
        int[] c = draws(new Sampler(params, 8), 50);
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void samplingFollowsTheSoftmaxAtTheGivenTemperature() {
        double temperature = 0.7;
        Sampler sampler = new Sampler(SamplingParams.seeded(temperature, 3), 11);
        int n = 40_000;
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < n; i++) {
            counts[sampler.sample(LOGITS, all(LOGITS.length), empty())]++;
        }
        double z = 0;
        for (float logit : LOGITS) {
            z += Math.exp(logit / temperature);
        }
        for (int i = 0; i < LOGITS.length; i++) {
            double expected = Math.exp(LOGITS[i] / temperature) / z;
            assertThat((double) counts[i] / n).as("token %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void topKAndTopPKeepOnlyTheHead() {
        SamplingParams topK = new SamplingParams(1.0, 1.0, 2, 0, 1, 0, 0);
        assertThat(draws(new Sampler(topK, 5), 500)).containsOnly(1, 4);
        // softmax mass: token 1 ≈ 0.39, token 4 ≈ 0.35: top_p 0.5 keeps exactly these two.
        SamplingParams topP = new SamplingParams(1.0, 0.5, 0, 0, 1, 0, 0);
        assertThat(draws(new Sampler(topP, 5), 500)).containsOnly(1, 4);
    }

    @Test
    void penaltiesPushSeenTokensDown() {
        TokenHistory history = TokenHistory.ofPrompt(new int[] {1});
        SamplingParams repetition = new SamplingParams(0, 1, 0, 0, 1.5, 0, 0);
        assertThat(new Sampler(repetition, 1).sample(LOGITS, all(5), history)).isEqualTo(4);
        TokenHistory generated = TokenHistory.ofPrompt(new int[0]);
        generated.addGenerated(1);
        SamplingParams presence = new SamplingParams(0, 1, 0, 0, 1, 0.5, 0);
        assertThat(new Sampler(presence, 1).sample(LOGITS, all(5), generated)).isEqualTo(4);
    }

    @Test
    void aBranchIsNeverPenalisedForItsSiblings() {
        TokenHistory shared = TokenHistory.ofPrompt(new int[0]);
        TokenHistory first = shared.branch();
        TokenHistory second = shared.branch();
        first.addGenerated(1);
        SamplingParams presence = new SamplingParams(0, 1, 0, 0, 1, 0.5, 0);
        assertThat(new Sampler(presence, 1).sample(LOGITS, all(5), second)).isEqualTo(1);
        shared.absorb(first);
        assertThat(new Sampler(presence, 1).sample(LOGITS, all(5), shared)).isEqualTo(4);
    }

    @Test
    void failsLoudlyWhenTheGrammarAllowsNothing() {
        Sampler sampler = new Sampler(SamplingParams.greedy(), 1);
        assertThatThrownBy(() -> sampler.sample(LOGITS, new boolean[5], empty())).isInstanceOf(IllegalStateException.class);
    }

    private static int[] draws(Sampler sampler, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampler.sample(LOGITS, all(LOGITS.length), empty());
        }
        return out;
    }
}
