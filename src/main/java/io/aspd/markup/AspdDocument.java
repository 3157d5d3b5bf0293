package io.aspd.markup;

import java.util.List;
import java.util.Objects;

/**
 * One response in ASPD structure: serial text and blocks of independent branches, in document order.
 * {@link #render()} is what a user sees; {@link #markup()} is the flat form a model is trained on (docs/aspd-method.md §2).
 */
public record AspdDocument(List<Segment> segments) {

    public AspdDocument {
        segments = List.copyOf(segments);
    }

    /** A part of a response: serial text or a parallel block. */
    public sealed interface Segment permits Serial, Block {
    }

    /** Text decoded serially, shown verbatim. */
    public record Serial(String text) implements Segment {
        public Serial {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A parallel block: its branches in title order. */
    public record Block(List<Branch> branches) implements Segment {
        public Block {
            branches = List.copyOf(branches);
        }

        public List<String> titles() {
            return branches.stream().map(Branch::title).toList();
        }
    }

    /** One branch: the title it repeats and the body a user sees. */
    public record Branch(String title, String body) {
        public Branch {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(body, "body");
        }
    }

    /** A document of serial text only. */
    public static AspdDocument serial(String text) {
        return new AspdDocument(List.of(new Serial(text)));
    }

    public List<Block> blocks() {
        return segments.stream().filter(Block.class::isInstance).map(Block.class::cast).toList();
    }

    public boolean hasBlocks() {
        return segments.stream().anyMatch(Block.class::isInstance);
    }

    /** The user-visible text: markup, titles and title prefixes removed, by the rules of {@link Rendering}. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Serial serial) {
                out.append(serial.text());
            } else if (segment instanceof Block block) {
                out.append(String.join(Rendering.BRANCH_SEPARATOR, block.branches().stream().map(Branch::body).toList()));
            }
        }
        return out.toString();
    }

    /** The flat ASPD markup of this document (without EOS), exactly as training data writes it. */
    public String markup() {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            if (segment instanceof Serial serial) {
                out.append(serial.text());
            } else if (segment instanceof Block block) {
                block.branches().forEach(b -> out.append(AspdTokens.TITLE).append(b.title()).append(AspdTokens.TITLE_END));
                out.append(AspdTokens.PARA);
                block.branches().forEach(b -> out.append(AspdTokens.BRANCH).append(Rendering.branchHead(b.title()))
                        .append(Rendering.BODY_PREFIX).append(b.body()).append(AspdTokens.BRANCH_END));
                out.append(AspdTokens.PARA_END);
            }
        }
        return out.toString();
    }
}
