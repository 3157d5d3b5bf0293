package io.aspd.deploy;

import io.aspd.api.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs a Postman collection with newman, Postman's command-line runner (npm package {@code newman}, which .ci/test
 * installs), and reads back its JSON report. A missing newman is an error, never a reason to skip.
 */
final class Newman {
    private static final String EXECUTABLE = "newman";

    private Newman() {
    }

    /**
     * One finished run.
     *
     * @param output what newman printed (its cli reporter: every request, every assertion, the failures)
     * @param report the json reporter's document: {@code run.stats}, {@code run.executions}, {@code run.failures}
     */
    record Run(int exitCode, String output, JsonNode report) {
        int failedAssertions() {
            return report.get("run").get("stats").get("assertions").get("failed").asInt();
        }

        int requests() {
            return report.get("run").get("stats").get("requests").get("total").asInt();
        }

        /** Names of executed requests that asserted nothing. */
        List<String> requestsWithoutAssertions() {
            List<String> unchecked = new ArrayList<>();
            for (JsonNode execution : report.get("run").get("executions")) {
                JsonNode assertions = execution.get("assertions");
                if (assertions == null || assertions.isEmpty()) {
                    unchecked.add(execution.get("item").get("name").asString());
                }
            }
            return unchecked;
        }
    }

    /** Fails with how to install newman when it is not on the PATH. */
    static void requireInstalled() throws InterruptedException {
        try {
            Process version = new ProcessBuilder(EXECUTABLE, "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            if (version.waitFor() != 0) {
                throw new AssertionError("`newman --version` failed with " + version.exitValue());
            }
        } catch (IOException e) {
            throw new AssertionError("newman is not installed (or not on PATH): install it with `npm install --global"
                    + " newman`, as `bash .ci/test` does", e);
        }
    }

    /**
     * Runs {@code newman run collection -e environment --env-var k=v ...}, with its reports written to
     * {@code reportDir} (newman-report.json, newman-junit.xml for CI systems, newman-output.txt).
     */
    static Run run(Path collection, Path environment, Map<String, String> environmentOverrides, Path reportDir,
                   Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(reportDir);
        Path json = reportDir.resolve("newman-report.json");
        Path output = reportDir.resolve("newman-output.txt");
        Files.deleteIfExists(json);
        List<String> command = new ArrayList<>(List.of(EXECUTABLE, "run", collection.toString(),
                "--environment", environment.toString(),
                "--reporters", "cli,json,junit",
                "--reporter-json-export", json.toString(),
                "--reporter-junit-export", reportDir.resolve("newman-junit.xml").toString(),
                "--color", "off", "--disable-unicode"));
        environmentOverrides.forEach((name, value) -> command.addAll(List.of("--env-var", name + "=" + value)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("newman did not finish within " + timeout + ":\n" + read(output));
        }
        String printed = read(output);
        if (!Files.exists(json)) {
            throw new AssertionError("newman exited with " + process.exitValue() + " without a report:\n" + printed);
        }
        return new Run(process.exitValue(), printed, Wire.json(read(json)));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
