package io.aspd.engine.constraint;

/**
 * The union of two automata: a text is allowed while either allows it. Used for "a tool call or a JSON answer", whose
 * alternatives part at their first byte (a call marker starts with neither whitespace nor a JSON value), after which
 * the state is the surviving alternative itself.
 */
final class EitherState implements AutomatonState {
    private final AutomatonState first;
    private final AutomatonState second;

    private EitherState(AutomatonState first, AutomatonState second) {
        this.first = first;
        this.second = second;
    }

    /** The union of two states, either of which may be null (refused); null when both are. */
    static AutomatonState of(AutomatonState first, AutomatonState second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : new EitherState(first, second);
    }

    @Override
    public AutomatonState step(int b) {
        return of(first.step(b), second.step(b));
    }

    @Override
    public boolean canEnd() {
        return first.canEnd() || second.canEnd();
    }

    @Override
    public int minBytesToEnd() {
        return Math.min(first.minBytesToEnd(), second.minBytesToEnd());
    }

    @Override
    public AutomatonState afterSpecialToken() {
        return of(first.afterSpecialToken(), second.afterSpecialToken());
    }
}
