package io.aspd.train.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The fictional customer-service back end of the corpus: answers a tool call from {@link Company.Toolset}'s records,
 * deterministically, as a JSON object (the content of the tool message) and, for the assistant's reply, the same
 * fields as a map. An unknown id or postcode, or a fully booked date, gives {@code {"error": ..., <argument>}}.
 */
final class ToolBackend {

    static final String ORDER = "get_order_status";
    static final String BILL = "get_bill";
    static final String OUTAGE = "check_outage";
    static final String BOOKING = "book_technician";
    static final List<String> TOOLS = List.of(ORDER, BILL, OUTAGE, BOOKING);

    /** One tool result: its fields in order ({@code error} first when the lookup failed). */
    record Result(Map<String, String> fields) {
        boolean failed() {
            return fields.containsKey("error");
        }

        String get(String field) {
            String value = fields.get(field);
            if (value == null) {
                throw new IllegalStateException("no field " + field + " in " + fields);
            }
            return value;
        }

        String json() {
            return JSON.writeValueAsString(fields);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Company.Toolset toolset;

    ToolBackend(Company.Toolset toolset) {
        this.toolset = toolset;
    }

    Result call(ToolInvocation call) {
        Map<String, String> args = call.arguments();
        return switch (call.name()) {
            case ORDER -> order(args.get("order_id"));
            case BILL -> bill(args.get("account_id"));
            case OUTAGE -> outage(args.get("postcode"));
            case BOOKING -> booking(args.get("postcode"), args.get("date"));
            default -> throw new IllegalArgumentException("unknown tool " + call.name());
        };
    }

    private Result order(String id) {
        for (Company.Toolset.Order order : toolset.orders()) {
            if (order.id().equals(id)) {
                return result("order_id", id, "item", order.item(), "status", order.status(), "date", order.date());
            }
        }
        return error("order", "order_id", id);
    }

    private Result bill(String account) {
        for (Company.Toolset.Bill bill : toolset.bills()) {
            if (bill.account().equals(account)) {
                return result("account_id", account, "amount", bill.amount(), "due", bill.due(), "status",
                        bill.status());
            }
        }
        return error("account", "account_id", account);
    }

    private Result outage(String postcode) {
        if (!toolset.postcodes().contains(postcode)) {
            return error("postcode", "postcode", postcode);
        }
        for (Company.Toolset.Outage outage : toolset.outages()) {
            if (outage.postcode().equals(postcode)) {
                return result("postcode", postcode, "outage", "yes", "issue", outage.issue(), "fix_by",
                        outage.fixBy());
            }
        }
        return result("postcode", postcode, "outage", "no");
    }

    private Result booking(String postcode, String date) {
        if (!toolset.postcodes().contains(postcode)) {
            return error("postcode", "postcode", postcode);
        }
        for (Company.Toolset.TechnicianSlot slot : toolset.technicianSlots()) {
            if (slot.date().equals(date)) {
                return result("postcode", postcode, "date", date, "window", slot.window(), "reference",
                        slot.reference());
            }
        }
        String next = toolset.technicianSlots().stream().map(Company.Toolset.TechnicianSlot::date)
                .filter(d -> d.compareTo(date) > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("no free technician date after " + date));
        Result error = error("date", "date", date);
        Map<String, String> fields = new LinkedHashMap<>(error.fields());
        fields.put("next_available", next);
        return new Result(fields);
    }

    private Result error(String kind, String argument, String value) {
        return result("error", toolset.errors().get(kind), argument, value);
    }

    private static Result result(String... keysAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Result(java.util.Collections.unmodifiableMap(fields));
    }
}
