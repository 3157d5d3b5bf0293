package io.aspd.model.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.aspd.model.AttentionMask;
import io.aspd.model.CausalLm;
import io.aspd.model.KvCache;
import io.aspd.model.ModelConfig;
import io.aspd.model.Qwen2Weights;
import io.aspd.model.SequenceRows;
import io.aspd.model.ServingOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Milliseconds per {@link CausalLm#forward} for k new rows (k ASPD branch tokens at one position, each seeing the
 * cache and itself, all needing logits) over caches of given lengths, with random weights; then native memory before
 * and after many steps. Cells are measured round-robin (interleaved) so that machine noise hits all of them alike,
 * and medians are reported.
 *
 * <pre>
 * mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp target/classes:$(cat target/classpath.txt) io.aspd.model.bench.ForwardBenchmark [--shape tiny] ...
 * </pre>
 */
@Command(name = "forward-benchmark", mixinStandardHelpOptions = true,
        description = "Times CausalLm.forward for k rows at several cache lengths and checks memory stays flat.")
public final class ForwardBenchmark implements Callable<Integer> {

    /** Named shapes; {@code qwen05b} is the shape of Qwen2.5-0.5B (494M parameters). */
    enum Shape {
        QWEN05B(new ModelConfig(ModelConfig.QWEN2, 151_936, 896, 24, 14, 2, 64, 4864, 1_000_000.0, 1e-6, true,
                32_768)),
        TINY(new ModelConfig(ModelConfig.QWEN2, 585, 64, 2, 4, 2, 16, 128, 10_000.0, 1e-6, true, 2048));

        final ModelConfig config;

        Shape(ModelConfig config) {
            this.config = config;
        }
    }

    @Option(names = "--shape", split = ",", defaultValue = "QWEN05B,TINY",
            description = "Named shapes to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private List<Shape> shapes;

    @Option(names = "--config-dir",
            description = "Also run the shape of this model folder's config.json (random weights).")
    private Path configDir;

    @Option(names = "--rows", split = ",", defaultValue = "1,2,4,8", description = "New rows per forward.")
    private int[] rows;

    @Option(names = "--cache", split = ",", defaultValue = "200,1000", description = "Cache lengths.")
    private int[] cacheLengths;

    @Option(names = "--sequences", split = ",", defaultValue = "1,8,16",
            description = "Sequences of one row each per forward, for the continuous-batching table (empty: none).")
    private int[] sequenceCounts;

    @Option(names = "--batch-cache", defaultValue = "200",
            description = "Cache length of every sequence in the continuous-batching table.")
    private int batchCacheLength;

    @Option(names = "--rounds", defaultValue = "10", description = "Measured rounds per cell (after warm-up).")
    private int rounds;

    @Option(names = "--warmup", defaultValue = "2", description = "Unmeasured rounds first.")
    private int warmup;

    @Option(names = "--memory-steps", defaultValue = "1000", description = "Steps of the memory check.")
    private int memorySteps;

    @Option(names = "--separate-projections",
            description = "Keep q/k/v and gate/up as separate products (the training layout) instead of fusing them.")
    private boolean separateProjections;

    @Option(names = "--half-lm-head", description = "Serve with the float16 LM head (ServingOptions).")
    private boolean halfPrecisionLmHead;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: DJL's, the number of cores).")
    private Integer threads;

    public static void main(String[] args) {
        // before any DJL class loads: never download, never phone home
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.exit(new CommandLine(new ForwardBenchmark()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString()); // read once, at engine start
        }
        Map<String, ModelConfig> configs = new LinkedHashMap<>();
        shapes.forEach(shape -> configs.put(shape.name().toLowerCase(Locale.ROOT), shape.config));
        if (configDir != null) {
            configs.put(configDir.getFileName().toString(), ModelConfig.load(configDir));
        }
        System.out.printf("cpus %d, intra-op threads %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("ai.djl.pytorch.num_threads", "default"), loadAverage());
        for (Map.Entry<String, ModelConfig> e : configs.entrySet()) {
            run(e.getKey(), e.getValue());
        }
        System.out.printf("load average at the end %s%n", loadAverage());
        return 0;
    }

    private void run(String name, ModelConfig config) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                Qwen2Weights weights = Qwen2Weights.randomInit(config, manager, 1)) {
            long parameters = weights.parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
            System.out.printf("%n== %s: %d layers, hidden %d, heads %d/%d, mlp %d, vocab %d, %.1fM parameters, fp32,"
                            + " %s projections, %s LM head%n",
                    name, config.numLayers(), config.hiddenSize(), config.numHeads(), config.numKvHeads(),
                    config.intermediateSize(), config.vocabSize(), parameters / 1e6,
                    separateProjections ? "separate" : "fused", halfPrecisionLmHead ? "fp16 (<= 4 rows)" : "fp32");
            if (!separateProjections) {
                weights.fuseProjections(); // as CausalLm.load serves
            }
            CausalLm model = CausalLm.of(weights, new ServingOptions(0, halfPrecisionLmHead));
            Random random = new Random(1);
            Map<Integer, KvCache> caches = new LinkedHashMap<>();
            for (int length : cacheLengths) {
                caches.put(length, prefilled(model, length, random));
            }
            timeForwards(model, caches, random);
            if (sequenceCounts.length > 0) {
                List<KvCache> batch = new ArrayList<>();
                for (int i = 0; i < Arrays.stream(sequenceCounts).max().orElse(1); i++) {
                    batch.add(prefilled(model, batchCacheLength, random));
                }
                timeBatches(model, batch, random);
                batch.forEach(KvCache::close);
            }
            checkMemory(model, caches.get(cacheLengths[0]), random);
            caches.values().forEach(KvCache::close);
        }
    }

    private KvCache prefilled(CausalLm model, int length, Random random) {
        int maxRows = Arrays.stream(rows).max().orElse(1);
        KvCache cache = model.newCache(length + maxRows);
        int chunk = 256; // bounded prefill rows per forward keep the attention scores small
        for (int start = 0; start < length; start += chunk) {
            int n = Math.min(chunk, length - start);
            int[] tokens = random.ints(n, 0, model.config().vocabSize()).toArray();
            boolean[] noLogits = new boolean[n];
            int[] positions = java.util.stream.IntStream.range(start, start + n).toArray();
            model.forward(List.of(new SequenceRows(cache, tokens, positions, AttentionMask.causal(start), noLogits)));
        }
        return cache;
    }

    /**
     * Wall, process CPU and calling-thread CPU nanoseconds of one forward. With one intra-op thread PyTorch computes on
     * the calling thread, so its CPU time is the forward's cost without the time spent waiting for a core: the
     * steadiest measure on a shared machine (the process clock ticks in 10 ms steps, the thread clock in nanoseconds).
     */
    private record Timing(long wallNanos, long cpuNanos, long threadCpuNanos) {}

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * CPU time of the whole process (all PyTorch threads): on a shared machine, wall time also counts waiting for a
     * core, CPU time does not.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** k branch rows at the cache's next position, each seeing the cache and itself; then the rows are dropped. */
    private static Timing branchStep(CausalLm model, KvCache cache, int k, Random random) {
        int length = cache.length();
        int[] tokens = random.ints(k, 0, model.config().vocabSize()).toArray();
        int[] positions = new int[k];
        Arrays.fill(positions, length);
        boolean[] logits = new boolean[k];
        Arrays.fill(logits, true);
        int[] branchIds = new int[k];
        Arrays.setAll(branchIds, i -> i);
        int[] seesAllBefore = new int[k];
        Arrays.fill(seesAllBefore, length);
        AttentionMask branches = AttentionMask.tagged(cache, branchIds, seesAllBefore);
        long cpuStart = processCpuNanos();
        long threadStart = threadCpuNanos();
        long start = System.nanoTime();
        model.forward(List.of(new SequenceRows(cache, tokens, positions, branches, logits)));
        long elapsed = System.nanoTime() - start;
        long threadCpu = threadCpuNanos() - threadStart;
        long cpu = processCpuNanos() - cpuStart;
        cache.truncate(length);
        return new Timing(elapsed, cpu, threadCpu);
    }

    private void timeForwards(CausalLm model, Map<Integer, KvCache> caches, Random random) {
        List<int[]> cells = new ArrayList<>();
        for (int length : cacheLengths) {
            for (int k : rows) {
                cells.add(new int[] {length, k});
            }
        }
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, List<Double>> cpuSamples = new LinkedHashMap<>();
        Map<String, List<Double>> threadSamples = new LinkedHashMap<>();
        Random order = new Random(2);
        for (int round = 0; round < warmup + rounds; round++) {
            List<int[]> shuffled = new ArrayList<>(cells);
            Collections.shuffle(shuffled, order); // no cell always runs right after another
            for (int[] cell : shuffled) {
                Timing timing = branchStep(model, caches.get(cell[0]), cell[1], random);
                if (round >= warmup) {
                    String key = cell[0] + "/" + cell[1];
                    samples.computeIfAbsent(key, k -> new ArrayList<>()).add(timing.wallNanos() / 1e6);
                    cpuSamples.computeIfAbsent(key, k -> new ArrayList<>()).add(timing.cpuNanos() / 1e6);
                    threadSamples.computeIfAbsent(key, k -> new ArrayList<>()).add(timing.threadCpuNanos() / 1e6);
                }
            }
        }
        System.out.printf("%d rounds after %d warm-up, interleaved; ms per forward%n", rounds, warmup);
        System.out.println("| cache | rows k | median ms | p10 | p90 | ms per row | tokens/s vs k=1 | mean CPU ms"
                + " | median thread CPU ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int length : cacheLengths) {
            double single = percentile(samples.get(length + "/" + 1), 50);
            for (int k : rows) {
                List<Double> s = samples.get(length + "/" + k);
                double median = percentile(s, 50);
                String gain = Double.isNaN(single) ? "-" : String.format(Locale.ROOT, "%.2fx", k * single / median);
                System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.2f | %.2f | %s | %.1f | %.3f |%n", length,
                        k, median, percentile(s, 10), percentile(s, 90), median / k, gain,
                        mean(cpuSamples.get(length + "/" + k)), percentile(threadSamples.get(length + "/" + k), 50));
            }
        }
    }

    /**
     * n sequences advancing one row each in one forward (what continuous batching does), against one sequence: ideally
     * the time per forward stays nearly flat in n.
     */
    private void timeBatches(CausalLm model, List<KvCache> caches, Random random) {
        Map<Integer, List<Double>> samples = new LinkedHashMap<>();
        Map<Integer, List<Double>> threadSamples = new LinkedHashMap<>();
        List<Integer> counts = new ArrayList<>(Arrays.stream(sequenceCounts).boxed().toList());
        Random order = new Random(3);
        for (int round = 0; round < warmup + rounds; round++) {
            Collections.shuffle(counts, order);
            for (int n : counts) {
                List<SequenceRows> batch = new ArrayList<>(n);
                for (KvCache cache : caches.subList(0, n)) {
                    batch.add(SequenceRows.causal(cache, new int[] {random.nextInt(model.config().vocabSize())},
                            cache.length()));
                }
                long threadStart = threadCpuNanos();
                long start = System.nanoTime();
                model.forward(batch);
                long elapsed = System.nanoTime() - start;
                long threadCpu = threadCpuNanos() - threadStart;
                caches.subList(0, n).forEach(cache -> cache.truncate(cache.length() - 1));
                if (round >= warmup) {
                    samples.computeIfAbsent(n, key -> new ArrayList<>()).add(elapsed / 1e6);
                    threadSamples.computeIfAbsent(n, key -> new ArrayList<>()).add(threadCpu / 1e6);
                }
            }
        }
        System.out.printf("continuous batching: n sequences x 1 row, cache %d each; %d rounds, interleaved%n",
                batchCacheLength, rounds);
        System.out.println("| sequences | median ms | p10 | p90 | ms per sequence | time vs 1 sequence"
                + " | median thread CPU ms | thread CPU vs 1 sequence |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double single = samples.containsKey(1) ? percentile(samples.get(1), 50) : Double.NaN;
        double singleThread = threadSamples.containsKey(1) ? percentile(threadSamples.get(1), 50) : Double.NaN;
        for (int n : sequenceCounts) {
            List<Double> s = samples.get(n);
            double median = percentile(s, 50);
            double thread = percentile(threadSamples.get(n), 50);
            System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %s | %.3f | %s |%n", n, median,
                    percentile(s, 10), percentile(s, 90), median / n, ratio(median, single), thread,
                    ratio(thread, singleThread));
        }
    }

    /** Steps alternating 1 and 4 branch rows at a fixed cache length; memory is read after a GC at checkpoints. */
    private void checkMemory(CausalLm model, KvCache cache, Random random) {
        int checkpoints = 10;
        List<String> rss = new ArrayList<>();
        List<String> heap = new ArrayList<>();
        List<Integer> arrays = new ArrayList<>();
        for (int step = 0; step <= memorySteps; step++) {
            if (step % Math.max(1, memorySteps / checkpoints) == 0 || step == memorySteps) {
                System.gc();
                rss.add(String.format(Locale.ROOT, "%.0f", residentMegabytes()));
                Runtime runtime = Runtime.getRuntime();
                heap.add(String.format(Locale.ROOT, "%.0f", (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0));
                arrays.add(model.nativeArrayCount());
            }
            if (step < memorySteps) {
                branchStep(model, cache, step % 2 == 0 ? 1 : 4, random);
            }
        }
        System.out.printf("memory over %d steps (1 and 4 rows alternating, cache %d), every %d steps:%n",
                memorySteps, cache.length(), Math.max(1, memorySteps / checkpoints));
        System.out.println("  RSS MiB:         " + String.join(" ", rss));
        System.out.println("  Java heap MiB:   " + String.join(" ", heap));
        System.out.println("  native arrays:   " + arrays);
    }

    private static String ratio(double value, double reference) {
        return Double.isNaN(reference) ? "-" : String.format(Locale.ROOT, "%.2fx", value / reference);
    }

    /** A mean, because the process CPU clock ticks in 10 ms steps: single samples are too coarse for a median. */
    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double percentile(List<Double> values, int percent) {
        if (values == null || values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.round((sorted.size() - 1) * percent / 100.0);
        return sorted.get(index);
    }

    private static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
