package io.aspd.engine.constraint;

/**
 * How the model must use the declared tools. {@code none} needs no constraint and has no value here.
 *
 * @param forcedName for {@link Mode#NAMED}, the tool that must be called
 */
public record ToolChoice(Mode mode, String forcedName) {
    public enum Mode {
        /** Free text, or calls once the model opens the call marker. */
        AUTO,
        /** At least one call, from the first token. */
        REQUIRED,
        /** A call of {@code forcedName}, from the first token. */
        NAMED
    }

    public ToolChoice {
        if ((mode == Mode.NAMED) != (forcedName != null)) {
            throw new IllegalArgumentException("a tool name goes with mode NAMED only");
        }
    }

    public static ToolChoice auto() {
        return new ToolChoice(Mode.AUTO, null);
    }

    public static ToolChoice required() {
        return new ToolChoice(Mode.REQUIRED, null);
    }

    public static ToolChoice named(String name) {
        return new ToolChoice(Mode.NAMED, name);
    }
}
