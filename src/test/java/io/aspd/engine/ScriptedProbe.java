package io.aspd.engine;

import io.aspd.markup.AspdTokenIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Steers a random-weight model into a chosen ASPD structure and records the raw logits of every sampled token.
 * The serial stream follows a plan (free text, or forced tokens such as a title list and {@code <|para|>}); branch
 * {@code k} of block {@code b} writes free text for a chosen number of body tokens and is then forced to close. Free
 * text is whatever the model (greedy or sampled) picks among text tokens: EOS and markup are steered away, so the
 * structure is the planned one while the content is the model's own.
 */
final class ScriptedProbe implements DecodeProbe {
    static final int FREE = -1;
    private static final float FORCE = 1e9f;

    private final AspdTokenIds ids;
    private final int[] eos;
    private final List<Integer> serialPlan;
    private final Map<Integer, int[]> branchLengths;
    private final Map<Integer, int[]> headLengths;
    private final Map<String, float[]> observed = new HashMap<>();
    private int serialSteps;

    private ScriptedProbe(AspdTokenIds ids, int[] eos, List<Integer> serialPlan, Map<Integer, int[]> branchLengths,
                          Map<Integer, int[]> headLengths) {
        this.ids = ids;
        this.eos = eos;
        this.serialPlan = serialPlan;
        this.branchLengths = branchLengths;
        this.headLengths = headLengths;
    }

    static Builder builder(EngineVocabulary vocabulary) {
        return new Builder(vocabulary);
    }

    @Override
    public void steer(int block, int branch, int index, float[] logits) {
        if (branch < 0) {
            int planned = serialSteps < serialPlan.size() ? serialPlan.get(serialSteps) : eos[0];
            serialSteps++;
            if (planned == FREE) {
                banMarkup(logits);
            } else {
                logits[planned] = FORCE;
            }
            return;
        }
        int[] lengths = branchLengths.get(block);
        if (lengths != null && index - headLengths.get(block)[branch] >= lengths[branch]) {
            logits[ids.branchEnd()] = FORCE;
        } else {
            banMarkup(logits);
            logits[ids.branchEnd()] = Float.NEGATIVE_INFINITY;
        }
    }

    @Override
    public void observe(int block, int branch, int index, int token, float[] rawLogits) {
        observed.put(key(block, branch, index), rawLogits.clone());
    }

    Map<String, float[]> observed() {
        return observed;
    }

    static String key(int block, int branch, int index) {
        return branch < 0 ? "serial/" + index : block + "/" + branch + "/" + index;
    }

    private void banMarkup(float[] logits) {
        for (int id : eos) {
            logits[id] = Float.NEGATIVE_INFINITY;
        }
        logits[ids.title()] = Float.NEGATIVE_INFINITY;
    }

    /** Builds the serial plan and the branch lengths of each block. */
    static final class Builder {
        private final EngineVocabulary vocabulary;
        private final AspdTokenIds ids;
        private final List<Integer> serial = new ArrayList<>();
        private final Map<Integer, int[]> lengths = new HashMap<>();
        private final Map<Integer, int[]> heads = new HashMap<>();
        private int blocks;

        Builder(EngineVocabulary vocabulary) {
            this.vocabulary = vocabulary;
            this.ids = vocabulary.aspd().orElseThrow();
        }

        Builder text(int tokens) {
            for (int i = 0; i < tokens; i++) {
                serial.add(FREE);
            }
            return this;
        }

        /** A block: one title per body length, named T0, T1, ..., branch k writing {@code bodyLengths[k]} tokens. */
        Builder block(int... bodyLengths) {
            List<String> titles = new ArrayList<>();
            for (int k = 0; k < bodyLengths.length; k++) {
                titles.add("T" + k);
            }
            return block(titles, bodyLengths);
        }

        Builder block(List<String> titles, int... bodyLengths) {
            for (String title : titles) {
                serial.add(ids.title());
                for (int token : vocabulary.tokenizer().encode(title)) {
                    serial.add(token);
                }
                serial.add(ids.titleEnd());
            }
            serial.add(ids.para());
            heads.put(blocks, titles.stream().mapToInt(t -> vocabulary.branchHead(t).length).toArray());
            lengths.put(blocks++, bodyLengths.clone());
            return this;
        }

        /** Serial text written exactly as {@code text} tokenizes. */
        Builder forced(String text) {
            for (int token : vocabulary.tokenizer().encode(text)) {
                serial.add(token);
            }
            return this;
        }

        Builder eos() {
            serial.add(vocabulary.eosIds()[0]);
            return this;
        }

        ScriptedProbe build() {
            return new ScriptedProbe(ids, vocabulary.eosIds(), List.copyOf(serial), Map.copyOf(lengths), Map.copyOf(heads));
        }
    }
}
