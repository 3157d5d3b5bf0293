#!/usr/bin/env bash
# Retrains the embedded model models/aspd-mini (v2) with the exact settings of the shipped model, and its serial-only
# baseline; then evaluates both and benchmarks the engine on the held-out prompts. About 2 h 40 min on 2 cores (both
# models train side by side, one thread each; see models/aspd-mini/README.md). Run from the repository root:
#     bash models/retrain-aspd-mini.sh [work folder, default target/retrain]
#
# v2 is a fine-tune of v1, the 6,000-step model of commit 2b85943 (trained from scratch on corpus v1 by that commit's
# version of this script). Its weights and tokenizer are taken from git history, so the repository must be a clone
# with history, not an export.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work="${1:-target/retrain}"
jar=target/aspd-server-0.1.0-SNAPSHOT.jar
[[ -f $jar ]] || mvn -B -q package -DskipTests
mkdir -p "$work"
aspd() { java -Xmx4g -jar "$jar" "$@"; }

# 1. Corpus v2 (deterministic: seed 7): paraphrased questions, richer branches, tool dialogs.
aspd corpus --seed 7 --train-size 16000 --out-dir "$work/corpus"

# 2. The starting point, v1, and the tokenizer folder: v1's tokenizer with the project's chat template (ChatML with
#    tools as one-line signatures, src/main/resources/io/aspd/train/tokenizer/chatml-tools.jinja), as shipped.
v1=2b85943
mkdir -p "$work/aspd-mini-v1" "$work/tokenizer"
for file in config.json generation_config.json model.safetensors tokenizer.json tokenizer_config.json; do
    git show "$v1:models/aspd-mini/$file" > "$work/aspd-mini-v1/$file"
done
cp "$work/aspd-mini-v1/tokenizer.json" "$work/tokenizer/"
cp models/aspd-mini/tokenizer_config.json "$work/tokenizer/"

# 3. Three stages for each model, one intra-op thread each, side by side:
#    stage 1: 1,500 steps on a 1,500-step cosine schedule, trained by the trainer of commit 75d6650, which did not yet
#             read tools: it skipped the conversations with tool-call turns and trained the others without their tools
#             (a mistake found after the stage; it is repeated here with that commit's jar, built in a worktree);
#    stage 2: resumed with the current trainer from the stage-1 checkpoint on a 3,000-step schedule, stopped at step
#             1,550 (a first attempt, too slow for the session), then resumed again to the end of a 2,700-step schedule
#             (a warm restart), over all conversations with their tools;
#    stage 3: 600 steps from the stage-2 model (--init-from, a new schedule) on a tool-heavy mix drawn from a larger
#             corpus of the same seed: every tool dialog and every fifth other conversation. The larger corpus has the
#             same held-out set and the same training pairs, in more records (more ids, more wordings).
stage1_src="$work/trainer-75d6650"
[[ -d $stage1_src ]] || git worktree add --detach "$stage1_src" 75d6650
(cd "$stage1_src" && { [[ -f $jar ]] || mvn -B -q package -DskipTests; })
common=(--tokenizer "$work/tokenizer" --init-from "$work/aspd-mini-v1" --batch 16 --max-length 640 --warmup 30
        --lr 5e-4 --min-lr 3e-5 --eval-every 100 --checkpoint-every 50 --seed 1 --threads 1
        --train "$work/corpus/train.jsonl" --heldout "$work/corpus/heldout.jsonl")
aspd corpus --seed 7 --train-size 48000 --out-dir "$work/corpus48"
cmp "$work/corpus48/heldout.jsonl" "$work/corpus/heldout.jsonl"
awk 'index($0, "\"category\":\"tool_") { print; next } (++other % 5 == 0) { print }' "$work/corpus48/train.jsonl" \
    > "$work/stage3.jsonl"
# Stages 1 and 2 write <model>-stage2 (and its checkpoints in <model>-stage2.work); stage 3 writes <model>.
retrain() {
    local model=$1; shift
    OMP_WAIT_POLICY=PASSIVE java -Xmx4g -jar "$stage1_src/$jar" train "$@" --out "$work/$model-stage2" "${common[@]}" \
        --steps 1500
    OMP_WAIT_POLICY=PASSIVE aspd train "$@" --out "$work/$model-stage2" "${common[@]}" --steps 3000 --stop-at 1550 \
        --resume
    OMP_WAIT_POLICY=PASSIVE aspd train "$@" --out "$work/$model-stage2" "${common[@]}" --steps 2700 --resume
    OMP_WAIT_POLICY=PASSIVE aspd train "$@" --out "$work/$model" --tokenizer "$work/tokenizer" \
        --init-from "$work/$model-stage2" --train "$work/stage3.jsonl" --heldout "$work/corpus/heldout.jsonl" \
        --batch 16 --max-length 640 --steps 600 --warmup 20 --lr 3e-4 --min-lr 3e-5 --eval-every 100 \
        --checkpoint-every 50 --seed 3 --threads 1
}
retrain aspd-mini &
retrain serial-mini --plain &
wait %1 && wait %2

# 4. Quality (format validity, adaptivity, content accuracy vs the serial-only baseline, tool calls) and speed-up.
aspd eval --model "$work/aspd-mini" --baseline "$work/serial-mini" --heldout "$work/corpus/heldout.jsonl" \
    --out "$work/eval"
aspd bench --model "$work/aspd-mini" --prompts "$work/corpus/heldout.jsonl" --per-category 5 --repeats 2 \
    --out "$work/bench"

echo "Done. To ship it: cp $work/aspd-mini/* $work/bench/* models/aspd-mini/ and update models/aspd-mini/README.md"
echo "from $work/eval/eval.md and $work/bench/report.md (the shipped training-log.csv is stage 2's log with stage 3's"
echo "appended, steps offset by 2,700)."
