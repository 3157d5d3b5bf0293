package io.aspd.train;

/**
 * One encoded conversation: prompt tokens (the chat template up to the assistant's turn) followed by the answer's
 * tokens and EOS. The loss covers the answer only.
 *
 * @param answerStart index of the first answer token
 */
public record TrainingExample(int[] tokens, int answerStart) {
    public TrainingExample {
        if (answerStart <= 0 || answerStart >= tokens.length) {
            throw new IllegalArgumentException("an example needs a prompt and an answer");
        }
    }

    public int length() {
        return tokens.length;
    }
}
