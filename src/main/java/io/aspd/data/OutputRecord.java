package io.aspd.data;

import io.aspd.data.convert.Conversion;
import io.aspd.data.convert.Rejection;
import io.aspd.markup.AspdDocument;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one output line: the input record with its answer replaced by the training text, plus an {@code "aspd"} object
 * that trainers ignore and people and {@code --resume} read:
 * <pre>
 * "aspd": {"line": 12, "mode": "rules", "parallel": true, "blocks": 1, "branches": [3], "parallel_share": 0.62,
 *          "rejections": ["DEPENDENT: ..."], "raw_answer": "..."}
 * </pre>
 * {@code raw_answer} (the answer before markup) is there only when the answer was changed, for a serial baseline set.
 */
final class OutputRecord {
    static final String METADATA = "aspd";
    static final String LINE = "line";

    private OutputRecord() {
    }

    static String toJsonLine(ChatRecord record, Conversion conversion, String mode) {
        ObjectNode out = record.json().deepCopy();
        ((ObjectNode) out.get("messages").get(record.answerIndex())).put("content", conversion.trainingText());
        ObjectNode meta = out.putObject(METADATA);
        meta.put(LINE, record.line());
        meta.put("mode", mode);
        meta.put("parallel", conversion.isParallel());
        meta.put("blocks", conversion.document().blocks().size());
        ArrayNode branches = meta.putArray("branches");
        conversion.document().blocks().stream().map(AspdDocument.Block::branches).forEach(b -> branches.add(b.size()));
        meta.put("parallel_share", Math.round(conversion.score().parallelShare() * 1000) / 1000.0);
        ArrayNode rejections = meta.putArray("rejections");
        conversion.rejections().stream().map(Rejection::toString).forEach(rejections::add);
        if (conversion.isParallel()) {
            meta.put("raw_answer", record.answer());
        }
        return Jsonl.MAPPER.writeValueAsString(out);
    }
}
