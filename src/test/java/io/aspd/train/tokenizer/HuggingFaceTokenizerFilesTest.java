package io.aspd.train.tokenizer;

import io.aspd.model.ChatTemplate;
import io.aspd.train.ChatConversation;
import io.aspd.train.ChatRecords;
import io.aspd.train.corpus.CorpusJsonl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.aspd.train.corpus.Answer;
import io.aspd.train.corpus.AnswerForm;
import io.aspd.train.corpus.Branch;
import io.aspd.train.corpus.Company;
import io.aspd.train.corpus.CorpusGenerator;
import io.aspd.train.corpus.CorpusRecord;
import io.aspd.train.corpus.CorpusSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The written files, loaded offline by DJL's native Hugging Face tokenizer (the one the server uses). */
class HuggingFaceTokenizerFilesTest {

    /** Text the corpus never contains: other scripts, emoji, odd whitespace, markup-like but not special. */
    private static final List<String> UNSEEN = List.of(
            "Café crème in Zürich costs 4,50 € 🙂👍🏽",
            "naïve façade — “quotes” … and 你好, ＦＵＬＬ width, Ελληνικά",
            "tabs\tand\u00a0no-break\u2003em spaces\r\nwindows line\n\n\nthree blank\n  indented",
            "<|branch|> <|para|><|para|> <|notatoken|> <|im_start|>system\n<|im_end|>",
            "trailing spaces   ", "   leading", "", "\n", "x", "I'D WE'LL YOU'RE they've");

    @TempDir
    static Path dir;

    private static BpeVocabulary vocabulary;
    private static ByteLevelBpe encoder;
    private static DjlTokenizerCheck check;
    private static HuggingFaceTokenizer djl;
    private static List<CorpusRecord> records;
    private static List<String> sample;

    @BeforeAll
    static void trainAndLoad() throws IOException {
        CorpusGenerator generator = new CorpusGenerator(Company.load(), new CorpusSettings(7, 4_000, 0.2, 80));
        records = new ArrayList<>(generator.generate().train());
        // One record per (entity, template) pair as well, so every title and branch of the corpus is covered.
        SplittableRandom random = new SplittableRandom(2);
        generator.combinations().forEach(c -> records.add(generator.record(c, random)));
        List<String> transcripts = records.stream().map(r -> transcript(r, AnswerForm.MARKUP)).toList();

        vocabulary = new BpeTrainer(4096, 2, SpecialTokens.ALL).train(transcripts);
        HuggingFaceTokenizerFiles.write(vocabulary, dir, 1024);
        encoder = new ByteLevelBpe(vocabulary);
        check = new DjlTokenizerCheck(dir);
        djl = check.tokenizer();

        sample = new ArrayList<>(UNSEEN);
        for (int i = 0; i < transcripts.size(); i += 4) {
            sample.add(transcripts.get(i));
            sample.add(transcript(records.get(i), AnswerForm.PLAIN));
        }
    }

    @AfterAll
    static void close() {
        check.close();
    }

    /** The record as the model sees it: its JSON line rendered by the tokenizer's chat template, tools included. */
    private static String transcript(CorpusRecord record, AnswerForm form) {
        ChatConversation conversation = ChatRecords.parse(CorpusJsonl.toJson(record, form));
        return ChatTemplate.of(ChatMl.TEMPLATE, Map.of())
                .render(conversation.messages(), conversation.tools(), false, Map.of());
    }

    @Test
    void djlRoundTripsEverySampledLineExactly() {
        for (String text : sample) {
            long[] ids = djl.encode(text).getIds();
            assertThat(djl.decode(ids, false)).isEqualTo(text);
        }
        assertThat(sample).hasSizeGreaterThan(2_000);
    }

    @Test
    void javaEncoderGivesTheSameIdsAsDjl() {
        assertThat(check.check(sample, encoder)).isEmpty();
        assertThat(encoder.decode(encoder.encode(UNSEEN.get(1)))).isEqualTo(UNSEEN.get(1));
    }

    @Test
    void eachSpecialTokenIsOneIdEverywhere() {
        for (String special : SpecialTokens.ALL) {
            long id = vocabulary.specialId(special);
            assertThat(djl.encode(special).getIds()).containsExactly(id);
            long[] word = djl.encode("word").getIds();
            long[] expected = new long[2 * word.length + 1];
            System.arraycopy(word, 0, expected, 0, word.length);
            expected[word.length] = id;
            System.arraycopy(word, 0, expected, word.length + 1, word.length);
            assertThat(djl.encode("word" + special + "word").getIds()).containsExactly(expected);
            // Registered as special: skipped when decoding with skipSpecialTokens.
            assertThat(djl.decode(new long[] {id}, true)).isEmpty();
        }
        assertThat(SpecialTokens.ALL.stream().map(vocabulary::specialId).distinct()).hasSize(9);
    }

    @Test
    void mergesCompressTheCorpus() {
        long chars = 0;
        long tokens = 0;
        for (String text : sample.subList(UNSEEN.size(), sample.size())) {
            chars += text.length();
            tokens += encoder.encode(text).length; // same ids as DJL, see javaEncoderGivesTheSameIdsAsDjl
        }
        assertThat(tokens / (double) chars).isLessThan(0.35);
        assertThat(vocabulary.size()).isBetween(1_000, 4_096);
    }

    /**
     * Spec 6.3: the engine forces the tokens of "<|branch|>T:" and lets the model continue, so they must be exactly
     * the first tokens of the branch as training tokenized it. Checked for every branch of the corpus.
     */
    @Test
    void everyBranchHeadIsATokenPrefixOfItsBranch() {
        Set<Branch> branches = new LinkedHashSet<>();
        for (CorpusRecord record : records.stream().filter(r -> !r.endsWithCalls()).toList()) {
            for (Answer.Segment segment : record.answer().segments()) {
                if (segment instanceof Answer.Block block) {
                    branches.addAll(block.branches());
                }
            }
        }
        Set<String> titles = new LinkedHashSet<>();
        for (Branch branch : branches) {
            long[] head = djl.encode("<|branch|>" + branch.title() + ":").getIds();
            long[] whole = djl.encode("<|branch|>" + branch.title() + ": " + branch.body() + "<|/branch|>").getIds();
            assertThat(Arrays.copyOf(whole, head.length)).as(branch.title()).isEqualTo(head);
            titles.add(branch.title());
        }
        assertThat(titles).hasSizeGreaterThan(80);
    }

    @Test
    void readsBackTheVocabularyItWrote() throws IOException {
        assertThat(HuggingFaceTokenizerFiles.read(dir)).isEqualTo(vocabulary);
    }

    @Test
    void configNamesTheChatTokensAndTheirIds() throws IOException {
        JsonNode config = JsonMapper.builder().build()
                .readTree(Files.readString(dir.resolve(HuggingFaceTokenizerFiles.TOKENIZER_CONFIG_JSON)));

        assertThat(config.get("eos_token").asString()).isEqualTo("<|im_end|>");
        assertThat(config.get("pad_token").asString()).isEqualTo("<|endoftext|>");
        assertThat(config.get("chat_template").asString()).isEqualTo(ChatMl.TEMPLATE);
        assertThat(config.get("model_max_length").asInt()).isEqualTo(1024);
        for (String special : SpecialTokens.ALL) {
            JsonNode entry = config.get("added_tokens_decoder").get(String.valueOf(vocabulary.specialId(special)));
            assertThat(entry.get("content").asString()).isEqualTo(special);
            assertThat(entry.get("special").asBoolean()).isTrue();
        }
    }
}
