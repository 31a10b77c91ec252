package dev.octet.shop.events.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The examples are the records: every example reads as its record, field for field, and back. */
class ShopEventsContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEventTypeHasAnExampleAndARecord() {
        assertThat(ShopEventsContract.EXAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(ShopEventsContract.RECORDS.keySet())
                .contains(OrderEvents.PLACED, OrderEvents.CANCELLED, OrderEvents.CONFIRMED, OrderEvents.REJECTED,
                        StockEvents.RESERVED, StockEvents.REJECTED, StockEvents.RELEASED);
    }

    @Test
    void everyExampleReadsAsItsRecordWithEveryComponentAndWritesBackTheSame() throws Exception {
        for (var entry : ShopEventsContract.EXAMPLES.entrySet()) {
            Record data = JSON.readValue(entry.getValue(), ShopEventsContract.RECORDS.get(entry.getKey()));
            for (var component : data.getClass().getRecordComponents()) {
                assertThat(component.getAccessor().invoke(data)).as("%s.%s", entry.getKey(), component.getName()).isNotNull();
            }
            assertThat(JSON.readTree(JSON.writeValueAsString(data))).as(entry.getKey()).isEqualTo(JSON.readTree(entry.getValue()));
        }
    }

    @Test
    void aConsumerFillsInItsOwnIds() throws Exception {
        UUID order = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String data = ShopEventsContract.example(StockEvents.RESERVED, Map.of("orderId", order,
                "lines", List.of(new StockEvents.ReservedLine(product, 3, new BigDecimal("2.50"))), "total", new BigDecimal("7.50")));

        StockEvents.StockReserved reserved = JSON.readValue(data, StockEvents.StockReserved.class);
        assertThat(reserved.orderId()).isEqualTo(order);
        assertThat(reserved.lines()).singleElement().satisfies(line -> {
            assertThat(line.productId()).isEqualTo(product);
            assertThat(line.quantity()).isEqualTo(3);
            assertThat(line.unitPrice()).isEqualByComparingTo("2.50");
        });
        assertThat(reserved.total()).isEqualByComparingTo("7.50");
        assertThat(reserved.customerId()).isNotNull();
    }
}
