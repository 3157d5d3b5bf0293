package io.aspd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.aspd.engine.constraint.ToolCallParser.ToolCall;
import io.aspd.model.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolCallCheckTest {
    private static final ToolCall ORDER = new ToolCall("get_order_status", "{\"order_id\":\"PN-48213\"}");
    private static final ToolCall BOOKING = new ToolCall("book_technician",
            "{\"postcode\":\"PB1 4QT\",\"date\":\"2026-12-03\"}");

    @Test
    void theSameCallsInAnyOrderAndSpellingAreRight() {
        ToolCall respelled = new ToolCall("book_technician", "{ \"date\": \"2026-12-03\", \"postcode\": \"PB1 4QT\" }");

        assertThat(ToolCallCheck.callsRight(List.of(ORDER, BOOKING), List.of(respelled, ORDER))).isTrue();
        assertThat(ToolCallCheck.callsRight(List.of(), List.of())).isTrue();
    }

    @Test
    void aWrongToolArgumentOrCountIsWrong() {
        List<ToolCall> expected = List.of(BOOKING);
        for (List<ToolCall> actual : List.of(
                List.<ToolCall>of(),
                List.of(BOOKING, BOOKING),
                List.of(new ToolCall("check_outage", "{\"postcode\":\"PB1 4QT\"}")),
                List.of(new ToolCall("book_technician", "{\"postcode\":\"PB1 4QT\",\"date\":\"2026-12-04\"}")),
                List.of(new ToolCall("book_technician", "{\"postcode\":\"PB1 4QT\"}")),
                List.of(new ToolCall("book_technician",
                        "{\"postcode\":\"PB1 4QT\",\"date\":\"2026-12-03\",\"time\":\"9am\"}")),
                List.of(new ToolCall("book_technician", "not json")))) {
            assertThat(ToolCallCheck.callsRight(expected, actual)).as(actual.toString()).isFalse();
        }
        assertThat(ToolCallCheck.callsRight(List.of(ORDER, ORDER), List.of(ORDER, BOOKING))).isFalse();
    }

    @Test
    void anArgumentTheUserNeverWroteIsInvented() {
        List<ChatMessage> conversation = List.of(new ChatMessage("user", "Is there an outage?"),
                new ChatMessage("assistant", "What is your postcode?"), new ChatMessage("user", "PB1 4QT"));

        assertThat(ToolCallCheck.inventsArguments(List.of(new ToolCall("check_outage", "{\"postcode\":\"PB1 4QT\"}")),
                conversation)).isFalse();
        assertThat(ToolCallCheck.inventsArguments(List.of(new ToolCall("check_outage", "{\"postcode\":\"PB2 7HX\"}")),
                conversation)).isTrue();
        assertThat(ToolCallCheck.inventsArguments(List.of(ORDER), List.of(new ChatMessage("user",
                "What is the status of order PN-48213?")))).isFalse();
    }
}
