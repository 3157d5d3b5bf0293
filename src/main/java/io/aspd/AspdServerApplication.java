package io.aspd;

import io.aspd.cli.AspdCli;
import io.aspd.model.OfflineDjl;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the server, or runs one of the tools ({@code java -jar aspd-server.jar data|train|...}) when the first argument
 * names one.
 */
@SpringBootApplication
public class AspdServerApplication {
    public static void main(String[] args) {
        OfflineDjl.configure();
        if (AspdCli.isToolCommand(args)) {
            System.exit(AspdCli.run(args));
        }
        SpringApplication.run(AspdServerApplication.class, args);
    }
}
