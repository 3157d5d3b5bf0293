package io.aspd.engine.constraint;

/**
 * The tool-call automaton: optional free text (mode auto) until the open marker, then the call's JSON object under
 * the envelope grammar, the close marker, and then either the end or (when parallel calls are allowed) the next
 * call's open marker after bounded whitespace. Free text is not constrained beyond watching for the marker (a
 * Knuth-Morris-Pratt match, so a marker that starts inside an earlier near-match is still seen).
 */
final class ToolCallState implements AutomatonState {
    enum Phase { FREE, OPEN, BODY, CLOSE, AFTER }

    /** What every state of one tool-call constraint shares. */
    record Spec(byte[] open, byte[] close, int[] openFailure, JsonGrammar envelope, boolean parallel,
            long[] freeTextAbsorbed) {
        static Spec of(ToolCallFormat format, JsonGrammar envelope, boolean parallel) {
            byte[] open = format.openBytes();
            int[] failure = new int[open.length];
            for (int i = 1, k = 0; i < open.length; i++) {
                while (k > 0 && open[i] != open[k]) {
                    k = failure[k - 1];
                }
                if (open[i] == open[k]) {
                    k++;
                }
                failure[i] = k;
            }
            long[] absorbed = {-1L, -1L, -1L, -1L};
            int first = open[0] & 0xFF;
            absorbed[first >>> 6] &= ~(1L << first);
            return new Spec(open, format.closeBytes(), failure, envelope, parallel, absorbed);
        }
    }

    private final Spec spec;
    private final Phase phase;
    /** FREE: marker bytes matched; OPEN/CLOSE: marker bytes written; AFTER: whitespace written. */
    private final int position;
    private final JsonState body;

    ToolCallState(Spec spec, Phase phase, int position, JsonState body) {
        this.spec = spec;
        this.phase = phase;
        this.position = position;
        this.body = body;
    }

    @Override
    public AutomatonState step(int b) {
        return switch (phase) {
            case FREE -> {
                int k = position;
                while (k > 0 && (spec.open[k] & 0xFF) != b) {
                    k = spec.openFailure[k - 1];
                }
                if ((spec.open[k] & 0xFF) == b) {
                    k++;
                }
                yield k == spec.open.length ? bodyStart() : new ToolCallState(spec, Phase.FREE, k, null);
            }
            case OPEN -> (spec.open[position] & 0xFF) != b ? null
                    : position + 1 == spec.open.length ? bodyStart()
                    : new ToolCallState(spec, Phase.OPEN, position + 1, null);
            case BODY -> {
                if (body.canEnd() && b == (spec.close[0] & 0xFF)) {
                    yield closed(1);
                }
                JsonState next = body.step(b);
                yield next == null ? null : new ToolCallState(spec, Phase.BODY, 0, next);
            }
            case CLOSE -> (spec.close[position] & 0xFF) != b ? null : closed(position + 1);
            case AFTER -> {
                if (JsonGrammar.isWhitespace(b)) {
                    yield position < spec.envelope.maxWhitespace
                            ? new ToolCallState(spec, Phase.AFTER, position + 1, null) : null;
                }
                if (spec.parallel && b == (spec.open[0] & 0xFF)) {
                    yield spec.open.length == 1 ? bodyStart() : new ToolCallState(spec, Phase.OPEN, 1, null);
                }
                yield null;
            }
        };
    }

    private ToolCallState bodyStart() {
        return new ToolCallState(spec, Phase.BODY, 0, spec.envelope.start());
    }

    private ToolCallState closed(int written) {
        return written == spec.close.length ? new ToolCallState(spec, Phase.AFTER, 0, null)
                : new ToolCallState(spec, Phase.CLOSE, written, null);
    }

    @Override
    public boolean canEnd() {
        return phase == Phase.FREE || phase == Phase.AFTER;
    }

    @Override
    public int minBytesToEnd() {
        return switch (phase) {
            case FREE, AFTER -> 0;
            case OPEN -> spec.open.length - position + spec.envelope.minDocumentBytes() + spec.close.length;
            case BODY -> body.minBytesToEnd() + spec.close.length;
            case CLOSE -> spec.close.length - position;
        };
    }

    @Override
    public boolean absorbsCleanText() {
        return phase == Phase.BODY && body.absorbsCleanText();
    }

    @Override
    public long[] absorbedBytes() {
        return phase == Phase.FREE && position == 0 ? spec.freeTextAbsorbed : null;
    }

    @Override
    public boolean constrained() {
        return phase != Phase.FREE;
    }

    /** In free text a special token (ASPD markup, say) separates text: a marker cannot span it. */
    @Override
    public AutomatonState afterSpecialToken() {
        return phase == Phase.FREE ? new ToolCallState(spec, Phase.FREE, 0, null) : null;
    }
}
