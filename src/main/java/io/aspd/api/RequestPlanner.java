package io.aspd.api;

import io.aspd.config.AspdProperties;
import io.aspd.engine.AspdMode;
import io.aspd.engine.GenerationRequest;
import io.aspd.engine.SamplingParams;
import io.aspd.engine.SeedMixer;
import io.aspd.engine.constraint.OutputConstraint;
import io.aspd.model.SamplingDefaults;
import io.aspd.serving.Admission;
import io.aspd.serving.ChoiceGeneration;
import io.aspd.serving.ServedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * Turns the parameters of a chat or text completion into a {@link RequestPlan}, checking every value first, so that
 * a stream never has to fail after its first byte. Each failure is a 400 that names the parameter and the allowed range.
 */
@Component
class RequestPlanner {
    private final AspdProperties.Engine engine;
    private final Admission admission;

    RequestPlanner(AspdProperties properties, Admission admission) {
        this.engine = properties.engine();
        this.admission = admission;
    }

    RequestPlan plan(CompletionParameters params, List<int[]> prompts, ServedModel model) {
        return plan(params, prompts, model, null);
    }

    /** @param constraint what every choice's answer must be (JSON, tool calls), or null for free text */
    RequestPlan plan(CompletionParameters params, List<int[]> prompts, ServedModel model,
                        OutputConstraint constraint) {
        int n = choicesPerPrompt(params, prompts.size());
        if (params.streamOptions() != null && !params.streaming()) {
            throw ApiException.invalid("stream_options", "'stream_options' is only allowed when 'stream' is true.");
        }
        long seed = params.seed() != null ? params.seed() : ThreadLocalRandom.current().nextLong();
        SamplingParams sampling = sampling(params, model.samplingDefaults(), seed);
        List<String> stop = JsonParams.stopStrings(params.stop());
        int alternatives = params.logprobAlternatives();
        AspdOptions aspd = params.aspd() != null ? params.aspd() : new AspdOptions(null, null, null);
        AspdMode mode = mode(aspd);
        int maxBranches = maxBranches(aspd);

        List<ChoiceGeneration> generations = new ArrayList<>(prompts.size() * n);
        for (int p = 0; p < prompts.size(); p++) {
            int[] prompt = prompts.get(p);
            int maxTokens = maxTokens(params, prompt.length, model.contextLength());
            GenerationRequest request = new GenerationRequest(prompt, maxTokens, sampling, stop, mode, maxBranches,
                    engine.maxBranchTokens(), alternatives, constraint);
            for (int j = 0; j < n; j++) {
                int choice = p * n + j;
                generations.add(new ChoiceGeneration(choice, request, SeedMixer.derive(seed, choice)));
            }
        }
        boolean includeUsage = params.streaming() && params.streamOptions() != null
                && params.streamOptions().wantsUsage();
        return new RequestPlan(prompts, generations, params.streaming(), includeUsage, alternatives >= 0,
                aspd.wantsStructure(), Boolean.TRUE.equals(params.returnTokenIds()));
    }

    private int choicesPerPrompt(CompletionParameters params, int promptCount) {
        int n = params.n() == null ? 1 : params.n();
        if (n < 1) {
            throw ApiException.invalid("n", "'n' must be at least 1, got " + n + ".");
        }
        long generations = (long) n * promptCount;
        if (generations > admission.maxSequences()) {
            throw ApiException.invalid("n", "This request needs " + generations + " generations (n = " + n + " for "
                    + promptCount + " prompt(s)), but at most " + admission.maxSequences() + " can run at once on this"
                    + " server (aspd.engine.max-sequences): the choices of one request are admitted together and"
                    + " decoded in the same batch.");
        }
        return n;
    }

    /** The request's sampling; a parameter it leaves out takes the model's default, else OpenAI's. */
    private static SamplingParams sampling(CompletionParameters params, SamplingDefaults defaults, long seed) {
        double temperature = bounded(params.temperature(), defaults.temperature().orElse(1.0), 0, 2, "temperature");
        double topP = params.topP() == null ? defaults.topP().orElse(1.0) : params.topP();
        if (!(topP > 0 && topP <= 1)) {
            throw ApiException.invalid("top_p", "'top_p' must be greater than 0 and at most 1, got " + topP + ".");
        }
        int topK = params.topK() == null ? defaults.topK().orElse(0) : params.topK();
        if (topK < -1) {
            throw ApiException.invalid("top_k", "'top_k' must be -1 or 0 (no limit) or a positive number of tokens,"
                    + " got " + topK + ".");
        }
        double presence = bounded(params.presencePenalty(), 0, -2, 2, "presence_penalty");
        double frequency = bounded(params.frequencyPenalty(), 0, -2, 2, "frequency_penalty");
        double repetition = params.repetitionPenalty() == null ? defaults.repetitionPenalty().orElse(1.0)
                : params.repetitionPenalty();
        if (!(repetition > 0) || Double.isInfinite(repetition)) {
            throw ApiException.invalid("repetition_penalty",
                    "'repetition_penalty' must be a positive number, got " + repetition + ".");
        }
        return new SamplingParams(temperature, topP, Math.max(0, topK), seed, repetition, presence, frequency);
    }

    private static double bounded(Double value, double fallback, double min, double max, String param) {
        double v = value == null ? fallback : value;
        if (!(v >= min && v <= max)) {
            throw ApiException.invalid(param, "'" + param + "' must be between " + format(min) + " and " + format(max)
                    + ", got " + v + ".");
        }
        return v;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static AspdMode mode(AspdOptions aspd) {
        if (aspd.mode() == null) {
            return AspdMode.PARALLEL;
        }
        try {
            return AspdMode.parse(aspd.mode());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("aspd.mode", "Invalid value for 'aspd.mode': '" + aspd.mode()
                    + "'. Use parallel, sequential or off.");
        }
    }

    private int maxBranches(AspdOptions aspd) {
        if (aspd.maxBranches() == null) {
            return engine.maxBranches();
        }
        int value = aspd.maxBranches();
        if (value < 2 || value > engine.maxBranches()) {
            throw ApiException.invalid("aspd.max_branches", "'aspd.max_branches' must be between 2 and "
                    + engine.maxBranches() + " (aspd.engine.max-branches), got " + value + ".");
        }
        return value;
    }

    /**
     * The completion budget: as asked, or the configured default capped by what the context leaves. The prompt plus
     * the budget must fit the context, as vLLM checks it.
     */
    private int maxTokens(CompletionParameters params, int promptTokens, int contextLength) {
        Integer requested = params.requestedMaxTokens();
        String param = params.maxTokensParameter();
        if (requested != null && requested < 1) {
            throw ApiException.invalid(param, "'" + param + "' must be at least 1, got " + requested + ".");
        }
        int room = contextLength - promptTokens;
        if (requested == null && room >= 1) {
            return Math.min(engine.defaultMaxTokens(), room);
        }
        int budget = requested == null ? 1 : requested;
        if (budget > room) {
            throw ApiException.contextLengthExceeded(params.promptParameter(), "This model's maximum context length is "
                    + contextLength + " tokens. However, you requested " + ((long) promptTokens + budget) + " tokens ("
                    + promptTokens + " in the " + params.promptParameter() + ", " + budget + " in the completion)."
                    + " Please reduce the length of the " + params.promptParameter() + " or completion.");
        }
        return budget;
    }
}
