package io.aspd.api;

import io.aspd.engine.*;
import io.aspd.model.*;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchEngineTest {
    @Test
    void runs(@TempDir Path dir) throws Exception {
        TinyModelFolder.write(dir);
        long t0 = System.nanoTime();
        CausalLm lm = CausalLm.load(dir);
        TextTokenizer tok = TextTokenizer.load(dir);
        ChatTemplate tpl = ChatTemplate.load(dir);
        System.out.println("load ms " + (System.nanoTime() - t0) / 1e6 + " eos " + tok.eosTokenIds() + " vocab " + tok.vocabSize());
        EngineVocabulary vocab = new EngineVocabulary(tok, lm.config().vocabSize());
        InferenceEngine engine = new InferenceEngine(lm, vocab, new EngineSettings(8, 512, 512), EngineObserver.NONE);
        int[] prompt = tok.encode(tpl.render(List.of(new ChatMessage("user", "Hello there")), true));
        for (int rep = 0; rep < 3; rep++) {
            CompletableFuture<GenerationResult> f = new CompletableFuture<>();
            StringBuilder sb = new StringBuilder();
            long t1 = System.nanoTime();
            engine.submit(new GenerationRequest(prompt, 40, SamplingParams.seeded(1.0, 5), List.of(), AspdMode.PARALLEL, 8, 256, 2), 42,
                    new GenerationListener() {
                        public void onText(TextPiece p) { sb.append(p.text()); }
                        public void onFinish(GenerationResult r) { f.complete(r); }
                        public void onError(Throwable e) { f.completeExceptionally(e); }
                    });
            GenerationResult r = f.get();
            System.out.println("gen ms " + (System.nanoTime() - t1) / 1e6 + " " + r.finishReason() + " " + r.stats() + " text==" + sb.toString().equals(r.text()) + " tokens " + r.tokenIds().length + " :: " + r.text().replace("\n", "\\n"));
            System.out.println(r.structure());
        }
        engine.close();
    }
}
