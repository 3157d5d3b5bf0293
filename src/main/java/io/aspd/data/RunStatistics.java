package io.aspd.data;

import io.aspd.data.convert.Conversion;
import io.aspd.data.convert.Rejection;
import io.aspd.data.convert.RejectionReason;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one run produced. Rejections are counted per event: a record whose three LLM candidates all fail fidelity adds
 * three to FIDELITY; a block turned back into serial text adds one to its reason. Only the calling thread updates it.
 */
final class RunStatistics {
    private long records;
    private long parallelRecords;
    private long blocks;
    private long branches;
    private double parallelShareSum;
    private long malformedLines;
    private final Map<RejectionReason, Long> rejections = new EnumMap<>(RejectionReason.class);
    private final OutputFile.ResumePoint resumedFrom;

    RunStatistics(OutputFile.ResumePoint resumedFrom) {
        this.resumedFrom = resumedFrom;
    }

    void add(Conversion conversion) {
        records++;
        if (conversion.isParallel()) {
            parallelRecords++;
            parallelShareSum += conversion.score().parallelShare();
            conversion.document().blocks().forEach(b -> {
                blocks++;
                branches += b.branches().size();
            });
        }
        conversion.rejections().stream().map(Rejection::reason).forEach(r -> rejections.merge(r, 1L, Long::sum));
    }

    void malformedLine() {
        malformedLines++;
    }

    private double shareWithBlocks() {
        return records == 0 ? 0 : (double) parallelRecords / records;
    }

    private double meanBranchesPerBlock() {
        return blocks == 0 ? 0 : (double) branches / blocks;
    }

    /** The one summary line printed on stderr at the end of a run. */
    String summary() {
        String resumed = resumedFrom.lastInputLine() == 0 ? "" : String.format(Locale.ROOT,
                " (resumed after input line %d, %d records kept)", resumedFrom.lastInputLine(),
                resumedFrom.recordsKept());
        String rejected = rejections.isEmpty() ? "none" : rejections.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "data: %d records written%s, %d malformed lines skipped; %d with blocks "
                        + "(%.1f%%), %d blocks, %.2f branches per block, mean parallel share %.2f; rejections: %s",
                records, resumed, malformedLines, parallelRecords, 100 * shareWithBlocks(), blocks,
                meanBranchesPerBlock(), parallelRecords == 0 ? 0 : parallelShareSum / parallelRecords, rejected);
    }
}
