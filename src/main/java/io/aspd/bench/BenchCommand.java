package io.aspd.bench;

import io.aspd.model.ModelBundle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar aspd-server.jar bench --prompts FILE}: the engine benchmark of docs/aspd-method.md §7. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times parallel vs sequential vs off decoding per prompt and category; writes report.md, "
                + "speedup.png and benchmark.json (which /actuator/aspd reads from the model folder).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "models/aspd-mini", description = "model folder (default: ${DEFAULT-VALUE})")
    Path model;

    @Option(names = "--prompts", required = true, description = "JSON lines with \"messages\" or \"prompt\" and \"category\"")
    Path prompts;

    @Option(names = "--repeats", defaultValue = "3", description = "runs per mode and prompt (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--limit", defaultValue = "0", description = "use only the first N prompts (0 = all)")
    int limit;

    @Option(names = "--per-category", defaultValue = "0",
            description = "use only the first N prompts of each category (0 = all)")
    int perCategory;

    @Option(names = "--max-tokens", defaultValue = "256", description = "answer budget (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--max-branches", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
    int maxBranches;

    @Option(names = "--max-branch-tokens", defaultValue = "256", description = "default: ${DEFAULT-VALUE}")
    int maxBranchTokens;

    @Option(names = "--out", defaultValue = "target/bench", description = "report folder (default: ${DEFAULT-VALUE})")
    Path out;

    private List<BenchPrompt> choose(List<BenchPrompt> all) {
        Map<String, Integer> taken = new HashMap<>();
        List<BenchPrompt> chosen = new ArrayList<>();
        for (BenchPrompt prompt : all) {
            int inCategory = taken.merge(prompt.category(), 1, Integer::sum);
            if ((perCategory == 0 || inCategory <= perCategory) && (limit == 0 || chosen.size() < limit)) {
                chosen.add(prompt);
            }
        }
        return chosen;
    }

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        List<BenchPrompt> chosen = choose(BenchPrompt.read(prompts));
        try (ModelBundle bundle = ModelBundle.load(model)) {
            EngineBenchmark benchmark = new EngineBenchmark(bundle, maxTokens, maxBranches, maxBranchTokens);
            benchmark.warmUp(chosen);
            List<PromptMeasurement> measurements = new ArrayList<>();
            for (BenchPrompt prompt : chosen) {
                PromptMeasurement m = benchmark.measure(prompt, repeats);
                measurements.add(m);
                System.err.printf("%s [%s] blocks=%d vs-sequential=%.2fx%s%n", prompt.id(), prompt.category(),
                        m.parallelStats().blocks(), m.speedupVsSequential(), m.lossless() ? "" : " NOT LOSSLESS");
            }
            BenchmarkReport report = new BenchmarkReport(bundle.name(), measurements);
            report.write(out, repeats);
            System.out.print(report.table());
            System.out.println("report: " + out.resolve(BenchmarkReport.MARKDOWN_FILE));
            return report.overall().lossless() ? 0 : 1;
        }
    }
}
