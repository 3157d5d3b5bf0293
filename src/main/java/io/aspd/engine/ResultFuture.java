package io.aspd.engine;

import java.util.concurrent.CompletableFuture;

/** A listener that only wants the finished result: for tools and warm-up, where nothing is streamed. */
public final class ResultFuture implements GenerationListener {
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    @Override
    public void onText(TextPiece piece) {
    }

    @Override
    public void onFinish(GenerationResult finished) {
        result.complete(finished);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }
}
