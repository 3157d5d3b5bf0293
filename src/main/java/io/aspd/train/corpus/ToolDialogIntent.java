package io.aspd.train.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

import tools.jackson.databind.JsonNode;

/**
 * Tool dialogs over the {@link Company.Toolset}: the assistant calls the right tool with the arguments copied from the
 * message (one call, or several independent ones in one turn), answers from the tool results (errors included; two
 * independent results as a block with one branch per result), or asks for an argument the message lacks instead of
 * inventing it.
 *
 * <p>Template ids are shared across tools ("tool_call.3" is the third way of asking for each tool), so the held-out
 * split can keep pairs whose entity and whose phrasing both occur in training. Entities are lookups of the back end
 * ("get_bill/AC-104233", known or unknown values) and, for call dialogs, "&lt;tool&gt;/new": arguments made up per
 * record in the back end's formats, so held-out call dialogs ask about values training never saw (the model must
 * copy, not remember). The random source varies the wording, the made-up values, the second lookup of a two-part
 * request, the booking's other argument and the tools offered; the back end's answers are fixed.
 */
final class ToolDialogIntent implements Intent {

    enum Kind {
        /** One lookup, arguments in the message: the turn to learn is the call. */
        CALL(Category.TOOL_CALL),
        /** Two independent lookups in one message: two calls in one turn. */
        CALLS(Category.TOOL_CALLS),
        /** The call and its result are in the history: answer from the result. */
        ANSWER(Category.TOOL_ANSWER),
        /** Two calls and results: answer with one branch per result. */
        ANSWERS(Category.TOOL_ANSWERS),
        /** An argument is missing: ask for it, call nothing. */
        MISSING(Category.TOOL_MISSING);

        final Category category;

        Kind(Category category) {
            this.category = category;
        }
    }

    private static final String ORDER = ToolBackend.ORDER;
    private static final String BILL = ToolBackend.BILL;
    private static final String OUTAGE = ToolBackend.OUTAGE;
    private static final String BOOKING = ToolBackend.BOOKING;

    /** Ways of asking for one lookup, the same number per tool; {id} is the argument ({postcode} and {date}). */
    private static final Map<String, List<String>> ASK = Map.of(
            ORDER, List.of("Where is my order {id}?", "Can you check the status of order {id}?",
                    "What's the status of my order {id}?", "Has my order {id} shipped yet?",
                    "I ordered something last week, the order number is {id}. Where is it?",
                    "Could you look up order {id} for me please?"),
            BILL, List.of("How much is my bill? My account is {id}.", "Can you check the latest bill for account {id}?",
                    "What do I owe on account {id}?", "When is my next bill due? Account number {id}.",
                    "I'd like to know my bill amount, account {id}.",
                    "Could you look up the bill on account {id} please?"),
            OUTAGE, List.of("Is there an outage at {id}?",
                    "My internet is down. My postcode is {id}, is there a problem in the area?",
                    "Can you check for outages in {id}?", "Is the network down near {id}?",
                    "No connection since this morning at {id}. Is there a known fault?",
                    "Could you check if there's an outage for postcode {id} please?"),
            BOOKING, List.of("Can you book a technician for {postcode} on {date}?",
                    "I need an engineer visit at {postcode} on {date}.",
                    "Please book a technician visit on {date}, postcode {postcode}.",
                    "Book me a technician for {date} at {postcode}.",
                    "My router keeps failing. Can someone come to {postcode} on {date}?",
                    "Could you arrange a technician at {postcode} for {date} please?"));

    /**
     * Ways of asking in the dialogs that answer from a result: worded apart from {@link #ASK}, so that no held-out
     * call question is a training question of an answer dialog (whose history holds the call).
     */
    private static final Map<String, List<String>> ASK_ANSWERED = Map.of(
            ORDER, List.of("Any news on order {id}?", "Can you tell me where order {id} is?",
                    "Please check my order {id}.", "Is order {id} on its way?",
                    "I placed order {id} and heard nothing since. What's happening?",
                    "Would you check on order {id} please?"),
            BILL, List.of("What's my bill? Account {id}.", "Please check the bill for account {id}.",
                    "How much do I owe? My account number is {id}.", "What's due on account {id}?",
                    "I need my latest bill amount for account {id}.", "Would you check the bill of account {id}?"),
            OUTAGE, List.of("Any outage at {id}?", "Wi-Fi not working at {id}. Is it a network problem?",
                    "Please check the network at {id}.", "Are there problems with the service in {id}?",
                    "Nothing loads since last night at {id}. Is there an outage?",
                    "Would you check the outage map for {id}?"),
            BOOKING, List.of("Please send a technician to {postcode} on {date}.",
                    "Can an engineer come to {postcode} on {date}?", "I want a technician visit on {date} at {postcode}.",
                    "Book a technician at {postcode} for {date}, please.",
                    "My connection keeps dropping. Could a technician visit {postcode} on {date}?",
                    "Would you book an engineer for {postcode} on {date}?"));

    /** What to look up, as a clause of a two-part request. */
    private static final Map<String, String> CLAUSE = Map.of(
            ORDER, "the status of order {id}",
            BILL, "the latest bill on account {id}",
            OUTAGE, "whether there is an outage at {id}");

    private static final List<String> TWO_LOOKUPS = List.of("Can you check {a} and {b}?",
            "Please look up {a}, and also {b}.", "I need two things: {a}, and {b}.",
            "Could you tell me {a}? And {b} too.");

    /** Two-part requests of the dialogs that answer from results, worded apart as {@link #ASK_ANSWERED} is. */
    private static final List<String> TWO_LOOKUPS_ANSWERED = List.of("Please check {a} and {b}.",
            "Can you find out {a}, and {b} as well?", "Two questions: {a}, and {b}.",
            "Would you look up {a}? Also {b}.");

    /** Requests that lack an argument; for the booking tool the first three lack the date, the next two the postcode. */
    private static final Map<String, List<String>> MISSING = Map.of(
            ORDER, List.of("Where is my order?", "Can you check my order status?", "Has my order shipped yet?",
                    "I'm still waiting for my delivery, can you look it up?", "When will my order arrive?",
                    "Could you track my router order please?"),
            BILL, List.of("How much is my bill?", "Can you tell me how much I owe?", "Can you check my latest bill?",
                    "What do I owe this month?", "Is my bill paid?", "Could you look up my bill please?"),
            OUTAGE, List.of("Is there an outage in my area?", "My internet is down, is there a problem near me?",
                    "Can you check for outages?", "Is the network down where I live?",
                    "No connection since this morning. Is there a known fault?",
                    "Could you check for an outage please?"),
            BOOKING, List.of("Can you book a technician for {postcode}?", "I need an engineer visit at {postcode}.",
                    "Could someone come to {postcode} to fix my router?", "Please book a technician on {date}.",
                    "Book me an engineer for {date}.", "I need a technician visit."));

    private static final Map<String, String> ASK_FOR = Map.of(
            ORDER, "I can check that for you. What is your order number?",
            BILL, "I can look that up. What is your account number?",
            OUTAGE, "I can check that for you. What is your postcode?");

    /**
     * At most this many tools are offered with a call dialog (three of the four): every tool's definition costs about
     * 150 tokens of the shipped tokenizer in the system turn, and dialogs must stay within the model's 1,024
     * positions. Dialogs with results are offered only the tools they call.
     */
    private static final int MAX_TOOLS_OFFERED = 3;

    /** The entity value of call dialogs whose arguments are made up per record, in the back end's formats. */
    private static final String MADE_UP = "new";

    private final Kind kind;
    private final Company.Toolset toolset;
    private final ToolBackend backend;
    private final List<String> entities = new ArrayList<>();
    private final int templateCount;

    ToolDialogIntent(Kind kind, Company company) {
        this.kind = kind;
        this.toolset = company.toolset();
        this.backend = new ToolBackend(toolset);
        List<String> lookups = new ArrayList<>();
        toolset.orders().forEach(o -> lookups.add(ORDER + "/" + o.id()));
        toolset.missingOrders().forEach(id -> lookups.add(ORDER + "/" + id));
        toolset.bills().forEach(b -> lookups.add(BILL + "/" + b.account()));
        toolset.missingAccounts().forEach(id -> lookups.add(BILL + "/" + id));
        toolset.postcodes().forEach(p -> lookups.add(OUTAGE + "/" + p));
        toolset.missingPostcodes().forEach(p -> lookups.add(OUTAGE + "/" + p));
        List<String> bookings = new ArrayList<>();
        toolset.technicianSlots().forEach(slot -> bookings.add(BOOKING + "/" + slot.date()));
        toolset.fullDates().forEach(d -> bookings.add(BOOKING + "/" + d));
        toolset.missingPostcodes().forEach(p -> bookings.add(BOOKING + "/" + p));
        switch (kind) {
            case MISSING -> entities.addAll(ToolBackend.TOOLS);
            case CALLS, ANSWERS -> entities.addAll(lookups);
            case ANSWER -> {
                entities.addAll(lookups);
                entities.addAll(bookings);
            }
            case CALL -> {
                entities.addAll(lookups);
                entities.addAll(bookings);
                ToolBackend.TOOLS.forEach(tool -> entities.add(tool + "/" + MADE_UP));
            }
        }
        this.templateCount = switch (kind) {
            case CALL, ANSWER -> ASK.get(ORDER).size();
            case CALLS, ANSWERS -> TWO_LOOKUPS.size();
            case MISSING -> MISSING.get(ORDER).size();
        };
    }

    @Override
    public Category category() {
        return kind.category;
    }

    @Override
    public List<Combination> combinations() {
        List<Combination> all = new ArrayList<>();
        for (String entity : entities) {
            for (int t = 1; t <= templateCount; t++) {
                all.add(new Combination(kind.category, entity, templateId(t)));
            }
        }
        return all;
    }

    private String templateId(int t) {
        return kind.category.id() + "." + t;
    }

    @Override
    public boolean styled() {
        return false;
    }

    @Override
    public CorpusRecord generate(Combination combination, RandomGenerator random) {
        if (combination.category() != kind.category || !entities.contains(combination.entity())) {
            throw new IllegalArgumentException("not a combination of this intent: " + combination);
        }
        int t = Integer.parseInt(combination.template().substring(combination.template().lastIndexOf('.') + 1)) - 1;
        String entity = combination.entity();
        return switch (kind) {
            case CALL -> {
                String tool = toolOf(entity);
                Map<String, String> arguments = entity.endsWith("/" + MADE_UP) ? madeUpArguments(tool, random)
                        : answerArguments(entity, random);
                ToolInvocation call = invocation(tool, arguments, 1);
                String question = fill(ASK.get(tool).get(t), call.arguments());
                yield new CorpusRecord(List.of(), question, List.of(), null, List.of(call),
                        offered(List.of(tool), MAX_TOOLS_OFFERED, random), kind.category,
                        List.copyOf(call.arguments().values()), entity, combination.template());
            }
            case CALLS -> {
                List<ToolInvocation> calls = pairCalls(entity, random, true);
                yield new CorpusRecord(List.of(), twoLookups(TWO_LOOKUPS.get(t), calls), List.of(), null, calls,
                        offered(toolsOf(calls), 2, random), kind.category, argumentValues(calls), entity,
                        combination.template());
            }
            case ANSWER -> {
                String tool = toolOf(entity);
                ToolInvocation call = invocation(tool, answerArguments(entity, random), 1);
                ToolBackend.Result result = backend.call(call);
                List<String> facts = new ArrayList<>();
                String reply = reply(call, result, facts);
                yield new CorpusRecord(List.of(), fill(ASK_ANSWERED.get(tool).get(t), call.arguments()),
                        List.of(DialogTurn.calls(List.of(call)), DialogTurn.toolResult(call, result.json())),
                        Answer.serial(reply), List.of(), offered(List.of(tool), 1, random), kind.category, facts,
                        entity, combination.template());
            }
            case ANSWERS -> {
                List<ToolInvocation> calls = pairCalls(entity, random, false);
                List<DialogTurn> exchange = new ArrayList<>();
                exchange.add(DialogTurn.calls(calls));
                List<Branch> branches = new ArrayList<>();
                List<String> facts = new ArrayList<>();
                for (ToolInvocation call : calls) {
                    ToolBackend.Result result = backend.call(call);
                    exchange.add(DialogTurn.toolResult(call, result.json()));
                    branches.add(new Branch(title(call), reply(call, result, facts)));
                }
                Answer answer = Answer.builder().line(Wording.pick(List.of("Here is what I found:",
                        "I looked both up:", "Here are the results:"), random)).block(branches).build();
                yield new CorpusRecord(List.of(), twoLookups(TWO_LOOKUPS_ANSWERED.get(t), calls), exchange, answer,
                        List.of(),
                        offered(toolsOf(calls), 1, random), kind.category, facts, entity, combination.template());
            }
            case MISSING -> missing(entity, t, combination.template(), random);
        };
    }

    private CorpusRecord missing(String tool, int t, String template, RandomGenerator random) {
        Map<String, String> values = random.nextBoolean() ? madeUpArguments(BOOKING, random)
                : answerArguments(BOOKING + "/" + Wording.pick(toolset.technicianSlots(), random).date(), random);
        String question = fill(MISSING.get(tool).get(t), values);
        String reply;
        List<String> facts;
        if (!tool.equals(BOOKING)) {
            reply = ASK_FOR.get(tool);
            facts = List.of(tool.equals(ORDER) ? "order number" : tool.equals(BILL) ? "account number" : "postcode");
        } else if (question.contains(values.get("postcode"))) {
            reply = "Sure. Which date would you like the technician to visit " + values.get("postcode") + "?";
            facts = List.of("date");
        } else if (question.contains(values.get("date"))) {
            reply = "Sure. What is the postcode for the visit on " + values.get("date") + "?";
            facts = List.of("postcode");
        } else {
            reply = "Sure. What is the postcode for the visit, and which date would suit you?";
            facts = List.of("postcode", "date");
        }
        return new CorpusRecord(List.of(), question, List.of(), Answer.serial(reply), List.of(),
                offered(List.of(tool), MAX_TOOLS_OFFERED, random), kind.category, facts, tool, template);
    }

    /** The reply to one result, adding the facts a correct reply must state. */
    private static String reply(ToolInvocation call, ToolBackend.Result result, List<String> facts) {
        if (result.failed()) {
            String error = result.get("error");
            facts.add(error);
            return switch (call.name()) {
                case ORDER -> "Sorry, order " + result.get("order_id") + " was not found (" + error
                        + "). Please check the number on your confirmation email.";
                case BILL -> "Sorry, account " + result.get("account_id") + " was not found (" + error
                        + "). Please check the account number on your bill.";
                case BOOKING -> {
                    if (result.fields().containsKey("next_available")) {
                        facts.add(result.get("next_available"));
                        yield "Sorry, " + error + " (" + result.get("date") + "). The next free date is "
                                + result.get("next_available") + ". Shall I book that instead?";
                    }
                    yield "Sorry, I can't book a visit there: " + error + " (" + result.get("postcode")
                            + "). Please check the postcode.";
                }
                default -> "Sorry, I can't check " + result.get("postcode") + ": " + error
                        + ". Please check the postcode.";
            };
        }
        return switch (call.name()) {
            case ORDER -> {
                String status = result.get("status");
                String date = result.get("date");
                facts.add(status);
                facts.add(date);
                String what = "Your order " + result.get("order_id") + " (" + result.get("item") + ") ";
                yield what + switch (status) {
                    case "shipped" -> "has shipped and should arrive by " + date + ".";
                    case "delivered" -> "was delivered on " + date + ".";
                    case "processing" -> "is still processing and should ship by " + date + ".";
                    case "cancelled" -> "was cancelled on " + date + ". Any payment is refunded.";
                    default -> throw new IllegalStateException("unknown order status " + status);
                };
            }
            case BILL -> {
                facts.add(result.get("amount"));
                facts.add(result.get("due"));
                facts.add(result.get("status"));
                yield "The latest bill on account " + result.get("account_id") + " is " + result.get("amount")
                        + ", due on " + result.get("due") + ". It is " + result.get("status") + ".";
            }
            case OUTAGE -> {
                if (result.get("outage").equals("yes")) {
                    facts.add(result.get("issue"));
                    facts.add(result.get("fix_by"));
                    yield "Yes, there is an outage at " + result.get("postcode") + " (" + result.get("issue")
                            + "). It should be fixed by " + result.get("fix_by") + ".";
                }
                facts.add("no known outage");
                yield "There is no known outage at " + result.get("postcode") + " right now. Try restarting your"
                        + " router; if that doesn't help, I can book a technician.";
            }
            default -> {
                facts.add(result.get("date"));
                facts.add(result.get("window"));
                facts.add(result.get("reference"));
                yield "Done! A technician will visit " + result.get("postcode") + " on " + result.get("date") + ", "
                        + result.get("window") + ". Your booking reference is " + result.get("reference") + ".";
            }
        };
    }

    private static String title(ToolInvocation call) {
        String value = call.arguments().values().iterator().next();
        return switch (call.name()) {
            case ORDER -> "Order " + value;
            case BILL -> "Account " + value;
            default -> "Postcode " + value;
        };
    }

    private ToolInvocation invocation(String tool, Map<String, String> arguments, int index) {
        return new ToolInvocation("call_" + index, tool, arguments);
    }

    /**
     * The lookup of the entity and a second, independent one with a different argument: in a call dialog made up
     * half of the time, in an answer dialog one of the back end's records (or unknown values).
     */
    private List<ToolInvocation> pairCalls(String entity, RandomGenerator random, boolean madeUp) {
        ToolInvocation first = invocation(toolOf(entity), answerArguments(entity, random), 1);
        while (true) {
            String tool = Wording.pick(List.of(ORDER, BILL, OUTAGE), random);
            Map<String, String> arguments = madeUp && random.nextBoolean() ? madeUpArguments(tool, random)
                    : knownOrMissingArguments(tool, random);
            if (!List.copyOf(arguments.values()).equals(List.copyOf(first.arguments().values()))) {
                // The entity's lookup comes first, so a held-out pair's question never turns up in training reversed.
                return List.of(first, invocation(tool, arguments, 2));
            }
        }
    }

    private static String toolOf(String entity) {
        return entity.substring(0, entity.indexOf('/'));
    }

    private static String twoLookups(String pattern, List<ToolInvocation> calls) {
        String a = fill(CLAUSE.get(calls.get(0).name()), calls.get(0).arguments());
        String b = fill(CLAUSE.get(calls.get(1).name()), calls.get(1).arguments());
        return pattern.replace("{a}", a).replace("{b}", b);
    }

    /** The arguments of an answer entity ("get_bill/AC-104233"); the booking postcode or date is drawn. */
    private Map<String, String> answerArguments(String entity, RandomGenerator random) {
        String tool = toolOf(entity);
        String value = entity.substring(entity.indexOf('/') + 1);
        if (!tool.equals(BOOKING)) {
            return Map.of(argumentName(tool), value);
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        boolean isDate = Character.isDigit(value.charAt(0));
        arguments.put("postcode", isDate ? Wording.pick(toolset.postcodes(), random) : value);
        arguments.put("date", isDate ? value : Wording.pick(toolset.technicianSlots(), random).date());
        return arguments;
    }

    private Map<String, String> knownOrMissingArguments(String tool, RandomGenerator random) {
        List<String> values = switch (tool) {
            case ORDER -> concat(toolset.orders().stream().map(Company.Toolset.Order::id).toList(),
                    toolset.missingOrders());
            case BILL -> concat(toolset.bills().stream().map(Company.Toolset.Bill::account).toList(),
                    toolset.missingAccounts());
            default -> concat(toolset.postcodes(), toolset.missingPostcodes());
        };
        return Map.of(argumentName(tool), Wording.pick(values, random));
    }

    private Map<String, String> madeUpArguments(String tool, RandomGenerator random) {
        Map<String, String> arguments = new LinkedHashMap<>();
        switch (tool) {
            case ORDER -> arguments.put("order_id", String.format(Locale.ROOT, "PN-%05d", random.nextInt(100_000)));
            case BILL -> arguments.put("account_id", String.format(Locale.ROOT, "AC-%06d", random.nextInt(1_000_000)));
            case OUTAGE -> arguments.put("postcode", madeUpPostcode(random));
            default -> {
                arguments.put("postcode", madeUpPostcode(random));
                arguments.put("date", String.format(Locale.ROOT, "2026-12-%02d", 1 + random.nextInt(31)));
            }
        }
        return arguments;
    }

    private static String madeUpPostcode(RandomGenerator random) {
        String letters = "ABDEFGHJLNPQRSTUWXYZ";
        return "PB" + (1 + random.nextInt(9)) + " " + random.nextInt(10) + letters.charAt(random.nextInt(20))
                + letters.charAt(random.nextInt(20));
    }

    private static String argumentName(String tool) {
        return switch (tool) {
            case ORDER -> "order_id";
            case BILL -> "account_id";
            default -> "postcode";
        };
    }

    /** The needed tools plus others drawn at random, at most {@code max} in all (or the needed), in a random order. */
    private List<JsonNode> offered(List<String> needed, int max, RandomGenerator random) {
        List<String> names = new ArrayList<>(needed.stream().distinct().toList());
        int count = names.size() + random.nextInt(Math.max(1, max - names.size() + 1));
        for (String other : Wording.shuffled(ToolBackend.TOOLS, random)) {
            if (names.size() >= count) {
                break;
            }
            if (!names.contains(other)) {
                names.add(other);
            }
        }
        return Wording.shuffled(names, random).stream().map(toolset::tool).toList();
    }

    private static List<String> toolsOf(List<ToolInvocation> calls) {
        return calls.stream().map(ToolInvocation::name).toList();
    }

    private static List<String> argumentValues(List<ToolInvocation> calls) {
        return calls.stream().flatMap(c -> c.arguments().values().stream()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String fill(String pattern, Map<String, String> arguments) {
        String text = pattern;
        for (Map.Entry<String, String> argument : arguments.entrySet()) {
            String slot = argument.getKey().equals("date") ? "{date}"
                    : argument.getKey().equals("postcode") && pattern.contains("{postcode}") ? "{postcode}" : "{id}";
            text = text.replace(slot, argument.getValue());
        }
        return text;
    }
}
