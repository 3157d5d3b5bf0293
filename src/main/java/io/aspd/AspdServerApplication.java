package io.aspd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AspdServerApplication {
    public static void main(String[] args) {
        SpringApplication.run(AspdServerApplication.class, args);
    }
}
