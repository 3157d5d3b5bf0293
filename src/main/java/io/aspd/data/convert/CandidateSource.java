package io.aspd.data.convert;

/** Proposes ASPD markups of an answer (rules or an LLM); validation is not its job. */
public interface CandidateSource {
    Proposals propose(String question, String answer);
}
