package dev.agentry.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.cluster.internal.OffsetBook;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Offsets are committed only past records whose turns are journalled, in order, per partition. */
class OffsetBookTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void commitsUpToTheFirstRecordNotFinished() {
        OffsetBook book = new OffsetBook();
        book.started(P0, 10);
        book.started(P0, 11);
        book.started(P0, 12);
        book.finished(P0, 11, true);
        assertThat(book.committable()).as("record 10 still runs").isEmpty();
        book.finished(P0, 10, true);
        assertThat(book.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
        assertThat(book.committable()).as("nothing new").isEmpty();
        book.finished(P0, 12, true);
        assertThat(book.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void aTurnGivenUpBlocksItsPartitionOnlyAndAWithdrawnRecordDoesNotCount() {
        OffsetBook book = new OffsetBook();
        book.started(P0, 0);
        book.started(P0, 1);
        book.started(P1, 5);
        book.finished(P0, 0, false); // abandoned by a stopping agent: the next owner reads it again
        book.finished(P0, 1, true);
        book.finished(P1, 5, true);
        assertThat(book.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(6)));

        book.started(P1, 6);
        book.withdrawn(P1, 6); // sought back: read again later
        book.started(P1, 6);
        book.finished(P1, 6, true);
        assertThat(book.committable(List.of(P1))).isEqualTo(Map.of(P1, new OffsetAndMetadata(7)));

        book.forget(List.of(P0));
        book.finished(P0, 0, true);
        assertThat(book.committable()).as("a forgotten partition commits nothing").isEmpty();
    }
}
