package io.aspd.bench;

import io.aspd.engine.AspdMode;
import io.aspd.report.BenchmarkSummary;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns benchmark measurements into what people read: a console table, a markdown report, a PNG chart, and a JSON
 * summary ({@link BenchmarkSummary}) that the server's {@code /actuator/aspd} endpoint shows as the measured lossless
 * speed-up.
 */
public final class BenchmarkReport {
    public static final String MARKDOWN_FILE = "report.md";
    public static final String CHART_FILE = "speedup.png";
    static final String ALL = "all";
    /** The row of the answers that opened at least one block: where ASPD can help, and what its goals are about. */
    static final String WITH_BLOCK = "with a block";

    private final String model;
    private final List<PromptMeasurement> measurements;
    private final List<CategorySummary> categories = new ArrayList<>();
    private final CategorySummary overall;
    /** Null when no parallel answer opened a block. */
    private final CategorySummary withBlock;

    public BenchmarkReport(String model, List<PromptMeasurement> measurements) {
        this.model = model;
        this.measurements = List.copyOf(measurements);
        Map<String, List<PromptMeasurement>> byCategory = measurements.stream()
                .collect(Collectors.groupingBy(m -> m.prompt().category(), TreeMap::new, Collectors.toList()));
        byCategory.forEach((category, list) -> categories.add(CategorySummary.of(category, list)));
        overall = CategorySummary.of(ALL, measurements);
        List<PromptMeasurement> blocked = measurements.stream().filter(m -> m.parallelStats().blocks() > 0).toList();
        withBlock = blocked.isEmpty() ? null : CategorySummary.of(WITH_BLOCK, blocked);
    }

    public List<CategorySummary> categories() {
        return categories;
    }

    public CategorySummary overall() {
        return overall;
    }

    /** Every category, then all prompts, then the prompts whose answer opened a block (when there are any). */
    private List<CategorySummary> rows() {
        List<CategorySummary> rows = new ArrayList<>(categories);
        rows.add(overall);
        if (withBlock != null) {
            rows.add(withBlock);
        }
        return rows;
    }

    /** The per-category table, as printed and as written into the markdown report. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append("| category | prompts | blocks/prompt | parallel share | step ratio | parallel ms | sequential ms | off ms"
                + " | speedup vs sequential | speedup vs off | lossless |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (CategorySummary c : rows()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f%% | %.2f | %.0f | %.0f | %.0f | %.2fx | %.2fx | %s |%n",
                    c.category(), c.prompts(), c.blocksPerPrompt(), 100 * c.parallelShare(), c.stepRatio(),
                    c.parallelMillis(), c.sequentialMillis(), c.offMillis(), c.speedupVsSequential(),
                    c.speedupVsOff(), c.lossless() ? "yes" : "NO"));
        }
        return out.toString();
    }

    public void write(Path dir, int repeats) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKDOWN_FILE), markdown(repeats));
            writeChart(dir.resolve(CHART_FILE));
            summary().write(dir.resolve(BenchmarkSummary.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    private BenchmarkSummary summary() {
        Map<String, BenchmarkSummary.CategoryFigures> byCategory = new LinkedHashMap<>();
        for (CategorySummary c : categories) {
            byCategory.put(c.category(), new BenchmarkSummary.CategoryFigures(c.prompts(), c.speedupVsSequential(),
                    c.speedupVsOff(), c.stepRatio(), c.parallelShare()));
        }
        return new BenchmarkSummary(model, Instant.now().toString(), measurements.size(),
                overall.speedupVsSequential(), overall.speedupVsOff(), overall.stepRatio(), overall.lossless(),
                byCategory);
    }

    private String markdown(int repeats) {
        StringBuilder out = new StringBuilder("# ASPD benchmark: " + model + "\n\n");
        out.append(String.format(Locale.ROOT, "%d prompts, %d repeats per mode, median decode time (prefill excluded),"
                + " greedy, one generation at a time. Speed-up vs sequential is lossless (same tokens); vs off compares"
                + " visible tokens per second with plain decoding of the same prompt.%n%n", measurements.size(), repeats));
        out.append(table()).append("\n![speed-up per category](").append(CHART_FILE).append(")\n\n## Per prompt\n\n");
        out.append("| id | category | blocks | visible tokens | step ratio | parallel ms | sequential ms | off ms | vs sequential | lossless |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PromptMeasurement m : measurements) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f | %.0f | %.0f | %.0f | %.2fx | %s |%n",
                    m.prompt().id(), m.prompt().category(), m.parallelStats().blocks(),
                    m.parallelStats().visibleTokens(), m.parallelStats().stepRatio(),
                    m.medianMillis(AspdMode.PARALLEL), m.medianMillis(AspdMode.SEQUENTIAL),
                    m.medianMillis(AspdMode.OFF), m.speedupVsSequential(), m.lossless() ? "yes" : "NO"));
        }
        return out.toString();
    }

    private void writeChart(Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (CategorySummary c : rows()) {
            data.addValue(c.speedupVsSequential(), "speed-up vs sequential (lossless)", c.category());
            data.addValue(c.speedupVsOff(), "speed-up vs off", c.category());
            data.addValue(c.stepRatio(), "step ratio (ideal)", c.category());
        }
        JFreeChart chart = ChartFactory.createBarChart("ASPD speed-up per category: " + model, "category", "x",
                data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((BarRenderer) plot.getRenderer()).setItemMargin(0.05);
        // slanted, category names fit whole instead of being cut to "arit..."
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 520);
    }
}
