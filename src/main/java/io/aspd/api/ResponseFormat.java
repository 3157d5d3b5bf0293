package io.aspd.api;

import io.aspd.serving.ChoiceEvent;
import java.util.List;
import java.util.Optional;

/**
 * How one endpoint writes its answer: as stream chunks (event by event) or as one response (after the last event).
 * One instance per request; events must be fed in order, to {@link #chunk} when streaming or to {@link #collect}
 * otherwise.
 */
abstract class ResponseFormat {
    protected final ResponseIdentity identity;
    protected final RequestPlan plan;
    protected final ChoiceTally tally;

    ResponseFormat(ResponseIdentity identity, RequestPlan plan) {
        this.identity = identity;
        this.plan = plan;
        this.tally = new ChoiceTally(plan);
    }

    /** Chunks to send before any output, e.g. each chat choice's role. */
    abstract List<Object> openingChunks();

    /** The chunk for one event, if it has something to say. */
    abstract Optional<Object> chunk(ChoiceEvent event);

    /** The final usage chunk ({@code choices: []}), when the request asked for it. */
    abstract Optional<Object> usageChunk();

    /** The non-streamed response, once every choice has finished. */
    abstract Object response();

    /** Records an event of a non-streamed response. */
    final void collect(ChoiceEvent event) {
        if (event instanceof ChoiceEvent.Text text) {
            tally.text(text);
        } else {
            tally.finish((ChoiceEvent.Finished) event);
        }
    }
}
