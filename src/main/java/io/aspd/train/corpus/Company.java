package io.aspd.train.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every fact about the fictional company the embedded assistant serves, as read from {@code corpus/company.json}.
 * The records mirror the file one to one; they only check what the generator relies on (non-empty lists, prices
 * that can be computed with), so a broken data file fails at load time instead of producing odd answers.
 */
public record Company(
        Profile profile,
        Policies policies,
        List<Family> families,
        List<Product> products,
        List<ListTopic> optionTopics,
        List<TipTopic> tipLists,
        List<Procedure> procedures,
        List<PolicyFact> policyFacts,
        Payments payments,
        SmallTalk smallTalk,
        OutOfDomain outOfDomain,
        Toolset toolset) {

    public static final String RESOURCE = "/corpus/company.json";

    public Company {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(policies, "policies");
        families = nonEmpty(families, "families");
        products = nonEmpty(products, "products");
        optionTopics = nonEmpty(optionTopics, "optionTopics");
        tipLists = nonEmpty(tipLists, "tipLists");
        procedures = nonEmpty(procedures, "procedures");
        policyFacts = nonEmpty(policyFacts, "policyFacts");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(smallTalk, "smallTalk");
        Objects.requireNonNull(outOfDomain, "outOfDomain");
        Objects.requireNonNull(toolset, "toolset");
        for (Product product : products) {
            if (families.stream().noneMatch(f -> f.id().equals(product.family()))) {
                throw new IllegalArgumentException(product.id() + ": unknown family " + product.family());
            }
        }
    }

    /** Loads the facts file shipped in the jar. */
    public static Company load() {
        try (InputStream in = Company.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Company read(InputStream json) {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        return mapper.readValue(json, Company.class);
    }

    public Family family(String id) {
        return families.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown product family " + id));
    }

    public List<Product> productsOf(String familyId) {
        return products.stream().filter(p -> p.family().equals(familyId)).toList();
    }

    public record Profile(String name, String assistant, String offering, String website, String app) {
        public Profile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(assistant, "assistant");
        }
    }

    public record Policies(int returnWindowDays, int warrantyYears, int refundBusinessDays) {
        public Policies {
            if (returnWindowDays <= 0 || warrantyYears <= 0 || refundBusinessDays <= 0) {
                throw new IllegalArgumentException("policy durations must be positive");
            }
        }
    }

    /**
     * A group of products that can be listed together ("our internet plans") and, when {@code comparable}, compared.
     * {@code intros} may use {@code {count}} for the number of products; {@code leader} completes "X ..." for the
     * product with the highest score ("is the fastest").
     */
    public record Family(String id, List<String> nouns, List<String> intros, String closing, String leader,
                         boolean comparable, List<String> direct, List<String> indirect) {
        public Family {
            Objects.requireNonNull(id, "id");
            nouns = nonEmpty(nouns, id + ".nouns");
            intros = nonEmpty(intros, id + ".intros");
            direct = nonEmpty(direct, id + ".direct");
            indirect = nonEmpty(indirect, id + ".indirect");
            if (comparable && leader == null) {
                throw new IllegalArgumentException(id + ": a comparable family needs a leader phrase");
            }
        }
    }

    /**
     * A plan, device or add-on. {@code price} is in whole dollars, charged per month or once. {@code score} orders
     * products of a family by their main capability (speed, data, coverage) for comparisons. The optional numbers
     * ({@code downMbps}, {@code dataGb}, ...) only exist for the families they describe; a mobile plan without
     * {@code dataGb} has unlimited data.
     */
    public record Product(String id, String family, String name, List<String> aliases, int price, Billing per,
                          int score, String headline, String bestFor, Integer downMbps, Integer upMbps,
                          Integer dataGb, Integer contractMonths, Integer coverageM2, List<Item> aspects,
                          List<Feature> features) {
        public Product {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(family, id + ".family");
            Objects.requireNonNull(name, id + ".name");
            Objects.requireNonNull(per, id + ".per");
            aliases = nonEmpty(aliases, id + ".aliases");
            aspects = nonEmpty(aspects, id + ".aspects");
            features = nonEmpty(features, id + ".features");
            if (price <= 0) {
                throw new IllegalArgumentException(id + ": price must be positive");
            }
        }

        /** The price as customers read it: "$49/month" or "$129". */
        public String priceText() {
            return Money.format(price) + (per == Billing.MONTH ? "/month" : "");
        }
    }

    public enum Billing {
        MONTH, ONCE;

        @JsonCreator
        static Billing of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One independent entry of a list answer: its title, a self-contained sentence with the key fact in it, and an
     * optional {@code detail} (one or two more sentences: why, how long, how much) for answers with room for it.
     */
    public record Item(String title, String body, String detail, String fact) {
        public Item {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(fact, "fact");
            if (!body.contains(fact)) {
                throw new IllegalArgumentException("item '" + title + "': body does not contain its fact '" + fact + "'");
            }
        }

        /** The body followed by its detail, when it has one. */
        public String fullBody() {
            return detail == null ? body : body + " " + detail;
        }
    }

    /** A yes/no property of a product, with the sentence that explains the answer. */
    public record Feature(String feature, boolean included, String note) {
        public Feature {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(note, "note");
        }
    }

    /** A fixed list of options (payment methods, delivery options, ...). */
    public record ListTopic(String id, List<String> nouns, List<String> intros, String closing, List<String> direct,
                            List<String> indirect, List<Item> items) {
        public ListTopic {
            Objects.requireNonNull(id, "id");
            nouns = nonEmpty(nouns, id + ".nouns");
            intros = nonEmpty(intros, id + ".intros");
            direct = nonEmpty(direct, id + ".direct");
            indirect = nonEmpty(indirect, id + ".indirect");
            items = nonEmpty(items, id + ".items");
        }
    }

    /** A problem and independent tips for it; {@code nouns} and {@code clauses} are two grammatical ways to name it. */
    public record TipTopic(String id, List<String> nouns, List<String> clauses, List<String> intros, String closing,
                           List<String> direct, List<String> indirect, List<Item> items) {
        public TipTopic {
            Objects.requireNonNull(id, "id");
            nouns = nonEmpty(nouns, id + ".nouns");
            clauses = nonEmpty(clauses, id + ".clauses");
            intros = nonEmpty(intros, id + ".intros");
            direct = nonEmpty(direct, id + ".direct");
            indirect = nonEmpty(indirect, id + ".indirect");
            items = nonEmpty(items, id + ".items");
        }
    }

    /** Steps that only make sense in order, so its answers stay serial. {@code actions} complete "How do I ...?". */
    public record Procedure(String id, List<String> actions, String intro, List<Step> steps, String closing) {
        public Procedure {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(intro, id + ".intro");
            actions = nonEmpty(actions, id + ".actions");
            steps = nonEmpty(steps, id + ".steps");
        }
    }

    public record Step(String text, String fact) {
        public Step {
            Objects.requireNonNull(text, "text");
            if (fact == null || !text.contains(fact)) {
                throw new IllegalArgumentException("step '" + text + "' does not contain its fact '" + fact + "'");
            }
        }
    }

    /** A short fact about the company with several ways to ask for it. */
    public record PolicyFact(String id, List<String> questions, String answer, List<String> facts) {
        public PolicyFact {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(answer, id + ".answer");
            questions = nonEmpty(questions, id + ".questions");
            facts = nonEmpty(facts, id + ".facts");
            for (String fact : facts) {
                if (!answer.contains(fact)) {
                    throw new IllegalArgumentException(id + ": answer does not contain its fact '" + fact + "'");
                }
            }
        }
    }

    public record Payments(String summary, List<String> accepted, List<String> rejected) {
        public Payments {
            Objects.requireNonNull(summary, "summary");
            accepted = nonEmpty(accepted, "payments.accepted");
            rejected = nonEmpty(rejected, "payments.rejected");
        }
    }

    /** Greetings and thanks with their replies; every reply contains every one of its facts. */
    public record SmallTalk(List<String> greetings, List<String> greetingReplies, List<String> greetingFacts,
                            List<String> thanks, List<String> thanksReplies, List<String> thanksFacts,
                            List<String> questionGreetings) {
        public SmallTalk {
            greetings = nonEmpty(greetings, "greetings");
            greetingReplies = nonEmpty(greetingReplies, "greetingReplies");
            greetingFacts = nonEmpty(greetingFacts, "greetingFacts");
            thanks = nonEmpty(thanks, "thanks");
            thanksReplies = nonEmpty(thanksReplies, "thanksReplies");
            thanksFacts = nonEmpty(thanksFacts, "thanksFacts");
            questionGreetings = nonEmpty(questionGreetings, "questionGreetings");
            requireFactsInEach(greetingReplies, greetingFacts);
            requireFactsInEach(thanksReplies, thanksFacts);
        }
    }

    public record OutOfDomain(List<String> refusals, List<String> facts, List<Topic> topics) {
        public OutOfDomain {
            refusals = nonEmpty(refusals, "refusals");
            facts = nonEmpty(facts, "outOfDomain.facts");
            topics = nonEmpty(topics, "outOfDomain.topics");
            requireFactsInEach(refusals, facts);
        }

        public record Topic(String id, List<String> questions) {
            public Topic {
                Objects.requireNonNull(id, "id");
                questions = nonEmpty(questions, id + ".questions");
            }
        }
    }

    private static void requireFactsInEach(List<String> replies, List<String> facts) {
        for (String reply : replies) {
            for (String fact : facts) {
                if (!reply.contains(fact)) {
                    throw new IllegalArgumentException("reply '" + reply + "' lacks fact '" + fact + "'");
                }
            }
        }
    }

    private static <T> List<T> nonEmpty(List<T> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return List.copyOf(list);
    }

    /**
     * The customer-service back end of the tool dialogs: the tools' OpenAI function definitions as sent with a request,
     * and the fictional records their results are computed from (see {@link ToolBackend}). {@code about} documents
     * the section in the file.
     */
    public record Toolset(String about, List<JsonNode> tools, Map<String, String> errors, List<Order> orders,
                          List<String> missingOrders, List<Bill> bills, List<String> missingAccounts,
                          List<String> postcodes, List<String> missingPostcodes, List<Outage> outages,
                          List<TechnicianSlot> technicianSlots, List<String> fullDates) {
        public Toolset {
            tools = nonEmpty(tools, "toolset.tools");
            errors = Map.copyOf(errors);
            orders = nonEmpty(orders, "toolset.orders");
            missingOrders = nonEmpty(missingOrders, "toolset.missingOrders");
            bills = nonEmpty(bills, "toolset.bills");
            missingAccounts = nonEmpty(missingAccounts, "toolset.missingAccounts");
            postcodes = nonEmpty(postcodes, "toolset.postcodes");
            missingPostcodes = nonEmpty(missingPostcodes, "toolset.missingPostcodes");
            outages = nonEmpty(outages, "toolset.outages");
            technicianSlots = nonEmpty(technicianSlots, "toolset.technicianSlots");
            fullDates = nonEmpty(fullDates, "toolset.fullDates");
            for (String kind : List.of("order", "account", "postcode", "date")) {
                if (!errors.containsKey(kind)) {
                    throw new IllegalArgumentException("toolset.errors lacks '" + kind + "'");
                }
            }
            for (Outage outage : outages) {
                if (!postcodes.contains(outage.postcode())) {
                    throw new IllegalArgumentException("outage at unlisted postcode " + outage.postcode());
                }
            }
        }

        /** The definition of the tool {@code name}, as sent in a request's {@code tools}. */
        public JsonNode tool(String name) {
            return tools.stream().filter(t -> t.path("function").path("name").asString().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown tool " + name));
        }

        public record Order(String id, String item, String status, String date) {
        }

        public record Bill(String account, String amount, String due, String status) {
        }

        public record Outage(String postcode, String issue, String fixBy) {
        }

        public record TechnicianSlot(String date, String window, String reference) {
        }
    }
}
