package io.aspd.train.corpus;

import io.aspd.markup.AspdDocument;
import io.aspd.markup.AspdTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An assistant answer as a sequence of serial text and parallel blocks (spec section 2: blocks never nest and are
 * separated by serial text, which may be empty). Kept structured so that the markup form and the plain form are two
 * views of the same answer and can never disagree.
 */
public record Answer(List<Segment> segments) {

    /** A piece of an answer: serial text, or a block of independent branches. */
    public sealed interface Segment permits Serial, Block {
    }

    public record Serial(String text) implements Segment {
        public Serial {
            Objects.requireNonNull(text, "text");
            requireNoMarkup(text);
        }
    }

    public record Block(List<Branch> branches) implements Segment {
        public Block {
            branches = List.copyOf(branches);
            if (branches.size() < 2) {
                throw new IllegalArgumentException("a block needs at least two branches, got " + branches.size());
            }
            long distinct = branches.stream().map(Branch::title).distinct().count();
            if (distinct != branches.size()) {
                throw new IllegalArgumentException("titles must be unique within a block: " + branches);
            }
        }
    }

    public Answer {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("an answer needs at least one segment");
        }
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i) instanceof Serial && segments.get(i - 1) instanceof Serial) {
                throw new IllegalArgumentException("adjacent serial segments must be merged");
            }
        }
    }

    public static Answer serial(String text) {
        return new Answer(List.of(new Serial(text)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same answer with {@code opening} ("Hello! ") in front of its first serial text. */
    public Answer withOpening(String opening) {
        List<Segment> opened = new ArrayList<>(segments);
        if (opened.get(0) instanceof Serial first) {
            opened.set(0, new Serial(opening + first.text()));
        } else {
            opened.add(0, new Serial(opening.strip() + "\n"));
        }
        return new Answer(opened);
    }

    public boolean hasBlock() {
        return segments.stream().anyMatch(Block.class::isInstance);
    }

    public long blockCount() {
        return segments.stream().filter(Block.class::isInstance).count();
    }

    /** The answer in the project's shared ASPD structure, which owns the markup and rendering rules. */
    public AspdDocument document() {
        List<AspdDocument.Segment> out = new ArrayList<>();
        for (Segment segment : segments) {
            if (segment instanceof Serial serial) {
                out.add(new AspdDocument.Serial(serial.text()));
            } else if (segment instanceof Block block) {
                out.add(new AspdDocument.Block(block.branches().stream()
                        .map(b -> new AspdDocument.Branch(b.title(), b.body())).toList()));
            }
        }
        return new AspdDocument(out);
    }

    /** The training form: serial text verbatim, each block in the markup of spec section 2. */
    public String markup() {
        return document().markup();
    }

    /** What the user reads: serial text verbatim, each block as its branch bodies joined with a newline. */
    public String plain() {
        return document().render();
    }

    /** Text of an answer, title or question must not contain ASPD markup of its own. */
    static void requireNoMarkup(String text) {
        for (String token : AspdTokens.ALL) {
            if (text.contains(token)) {
                throw new IllegalArgumentException("text must not contain markup " + token + ": '" + text + "'");
            }
        }
    }

    /**
     * Assembles an answer line by line. Lines of serial text are joined with a newline, and a line break is put
     * between serial text and a block on either side, so the plain rendering reads as one line per item.
     */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private final List<String> pendingLines = new ArrayList<>();

        private Builder() {
        }

        public Builder line(String text) {
            pendingLines.add(text);
            return this;
        }

        public Builder block(List<Branch> branches) {
            boolean afterBlock = !segments.isEmpty();
            String serial = (afterBlock ? "\n" : "") + String.join("\n", pendingLines)
                    + (pendingLines.isEmpty() ? "" : "\n");
            if (!serial.isEmpty()) {
                segments.add(new Serial(serial));
            }
            pendingLines.clear();
            segments.add(new Block(branches));
            return this;
        }

        public Answer build() {
            if (!pendingLines.isEmpty()) {
                boolean afterBlock = !segments.isEmpty();
                segments.add(new Serial((afterBlock ? "\n" : "") + String.join("\n", pendingLines)));
            }
            return new Answer(segments);
        }
    }
}
