package io.aspd.cli;

import io.aspd.bench.BenchCommand;
import io.aspd.bench.EvalCommand;
import io.aspd.data.DataCommand;
import io.aspd.train.TrainCommand;
import io.aspd.train.corpus.CorpusCommand;
import io.aspd.train.tokenizer.TokenizerCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tools shipped in the server jar, run as {@code java -jar aspd-server.jar <tool> ...}. Each tool is a picocli
 * command registered in {@link #TOOLS}; without a tool name the jar starts the server.
 */
@Command(name = "aspd-server", mixinStandardHelpOptions = true,
        description = "OpenAI-compatible ASPD inference server and its tools. Without a tool name, starts the server.")
public final class AspdCli {

    /** Every tool command; add new ones here. Classes, so that each run gets a fresh command object. */
    static final List<Class<?>> TOOLS = List.of(CorpusCommand.class, TokenizerCommand.class,
            TrainCommand.class, EvalCommand.class, BenchCommand.class, DataCommand.class);

    private AspdCli() {
    }

    public static boolean isToolCommand(String[] args) {
        return args.length > 0 && commandLine().getSubcommands().containsKey(args[0]);
    }

    public static int run(String[] args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AspdCli());
        TOOLS.forEach(cli::addSubcommand);
        return cli;
    }
}
