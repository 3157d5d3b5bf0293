package io.aspd.data.convert;

/** Why a candidate, or one block of it, did not make it into the training data. Statistics count these by name. */
public enum RejectionReason {
    /** The input answer already contains ASPD token strings, so no markup could be told apart from its text. */
    ANSWER_HAS_MARKUP,
    /** Nothing to try: no list or section was found, or the rewriter answered that the text has no independent parts. */
    NO_CANDIDATE,
    /** The rule-based heuristics saw an item that refers back to, or builds on, another item. */
    DEPENDENT,
    /** The candidate is not valid ASPD markup (docs/aspd-method.md §2). */
    FORMAT,
    /** Removing the markup does not give back the answer (whitespace normalised). */
    FIDELITY,
    /** A block has more branches than allowed. */
    TOO_MANY_BRANCHES,
    /** A title is longer than allowed (characters or words). */
    TITLE_TOO_LONG,
    /** A branch body is shorter than allowed. */
    BODY_TOO_SHORT,
    /** The independence judge did not give a block enough votes. */
    NOT_INDEPENDENT,
    /** The LLM endpoint kept failing after its retries. */
    ENDPOINT_FAILED,
    /** An unexpected error while converting; the record was kept serial. */
    INTERNAL_ERROR
}
