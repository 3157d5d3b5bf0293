package io.aspd.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Prepares the output file before a run. A fresh run refuses to overwrite earlier output unless told to. A resumed run
 * reads the output back: every complete line must be a record of this tool with increasing input line numbers; a last
 * line cut off by an interrupted write is removed, and the run continues after the last input line recorded. Records are
 * written and flushed one whole line at a time, so this loses and duplicates nothing.
 */
final class OutputFile {

    /** Where a run starts: after input line {@code lastInputLine}, with {@code recordsKept} records already written. */
    record ResumePoint(int lastInputLine, long recordsKept) {
        static final ResumePoint FRESH = new ResumePoint(0, 0);
    }

    private OutputFile() {
    }

    static ResumePoint prepare(Path output, boolean resume, boolean overwrite) {
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (resume && Files.exists(output)) {
                return recover(output);
            }
            if (!overwrite && Files.exists(output) && Files.size(output) > 0) {
                throw new DataException("output " + output + " already exists; pass --resume to continue it or "
                        + "--overwrite to replace it");
            }
            Files.newOutputStream(output, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE).close();
            return ResumePoint.FRESH;
        } catch (IOException e) {
            throw new DataException("cannot write output " + output + ": " + e, e);
        }
    }

    /** Fails unless {@code path} can be written later; creates missing parent folders but leaves the file alone. */
    static void requireWritable(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (Files.exists(path) ? !Files.isWritable(path) || Files.isDirectory(path) : !Files.isWritable(parent)) {
                throw new DataException("cannot write " + path);
            }
        } catch (IOException e) {
            throw new DataException("cannot write " + path + ": " + e, e);
        }
    }

    private static ResumePoint recover(Path output) throws IOException {
        int lastLine = 0;
        long records = 0;
        long goodBytes = 0;
        long offset = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(output))) {
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                offset++;
                if (b != '\n') {
                    current.write(b);
                    continue;
                }
                int line = recordedLine(current.toString(StandardCharsets.UTF_8), records + 1, output);
                if (line <= lastLine) {
                    throw new DataException("output " + output + " record " + (records + 1) + " is for input line "
                            + line + ", not after line " + lastLine + "; refusing to resume");
                }
                lastLine = line;
                records++;
                goodBytes = offset;
                current.reset();
            }
        }
        if (goodBytes < offset) {
            try (FileChannel channel = FileChannel.open(output, StandardOpenOption.WRITE)) {
                channel.truncate(goodBytes);
            }
        }
        return new ResumePoint(lastLine, records);
    }

    private static int recordedLine(String text, long record, Path output) {
        try {
            JsonNode line = Jsonl.MAPPER.readTree(text).path(OutputRecord.METADATA).path(OutputRecord.LINE);
            if (line.isInt()) {
                return line.intValue();
            }
        } catch (JacksonException e) {
            // reported below: a complete line that is not ours means the file is not this tool's output
        }
        throw new DataException("output " + output + " record " + record + " has no \"" + OutputRecord.METADATA + "."
                + OutputRecord.LINE + "\"; it is not output of this tool, refusing to resume");
    }
}
