package dev.octet.router.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.execution.StatementExecutor.Order;
import dev.octet.router.planner.SqlLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order in which a statement for several shards reaches them, so that writers take locks in one shard order. */
class WriteOrderTest {

    @Test
    void readsGoEverywhereAtOnce() {
        assertThat(Order.forWrite(false, true)).isEqualTo(Order.TOGETHER);
        assertThat(Order.TOGETHER.waves(List.of(0, 1, 2, 3))).containsExactly(List.of(0, 1, 2, 3));
    }

    @Test
    void aReferenceTableWriteLocksTheFirstShardBeforeTheOthers() {
        assertThat(Order.forWrite(true, true)).isEqualTo(Order.FIRST_THEN_REST);
        assertThat(Order.FIRST_THEN_REST.waves(List.of(0, 1, 2, 3))).containsExactly(List.of(0), List.of(1, 2, 3));
        assertThat(Order.FIRST_THEN_REST.waves(List.of(2))).containsExactly(List.of(2));
    }

    @Test
    void otherWritesTakeTheShardsOneAfterAnotherInShardOrder() {
        assertThat(Order.forWrite(true, false)).isEqualTo(Order.ONE_BY_ONE);
        assertThat(Order.ONE_BY_ONE.waves(List.of(1, 3))).containsExactly(List.of(1), List.of(3));
    }

    @Test
    void skipLockedIsRecognisedAsWords() {
        assertThat(SqlLexer.skipsLockedRows("select * from outbox order by position limit $1 for update skip locked"))
                .isTrue();
        assertThat(SqlLexer.skipsLockedRows("SELECT * FROM jobs FOR NO KEY UPDATE SKIP   LOCKED")).isTrue();
        assertThat(SqlLexer.skipsLockedRows("select * from outbox for update")).isFalse();
        assertThat(SqlLexer.skipsLockedRows("select 'skip locked' from outbox for update")).isFalse();
        assertThat(SqlLexer.skipsLockedRows("select skip, locked from t")).isFalse();
    }
}
