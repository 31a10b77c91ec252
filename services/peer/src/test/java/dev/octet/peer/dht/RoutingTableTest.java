package dev.octet.peer.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final int K = 4;
    private static final long QUESTIONABLE = 60_000;
    private final Random random = new Random(3);
    private final Key self = Key.random(random);
    private final RoutingTable table = new RoutingTable(self, K, QUESTIONABLE);
    private int port = 1;

    private Contact inBucket(int index) {
        return new Contact(Key.randomInBucket(self, index, random), new Address("10.0.0.1", port++));
    }

    @Test
    void contactsGoToTheBucketOfTheirHighestDifferingBit() {
        Contact far = inBucket(255);
        Contact near = inBucket(3);
        table.observe(far, 0);
        table.observe(near, 0);
        assertThat(table.bucket(255)).containsExactly(far);
        assertThat(table.bucket(3)).containsExactly(near);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void aFullBucketOfGoodContactsTurnsANewcomerAwayWithoutAPing() {
        List<Contact> residents = fill(200, 0);
        Contact newcomer = inBucket(200);
        assertThat(table.observe(newcomer, QUESTIONABLE - 1)).isInstanceOf(RoutingTable.Admission.Waiting.class);
        assertThat(table.bucket(200)).containsExactlyElementsOf(residents);
    }

    @Test
    void aFullBucketAsksToPingItsLeastRecentlySeenContactAndKeepsItIfItAnswers() {
        List<Contact> residents = fill(200, 0);
        // The first resident is seen again: the second becomes the least recently seen.
        table.observe(residents.get(0), 10);
        Contact newcomer = inBucket(200);
        RoutingTable.Admission admission = table.observe(newcomer, QUESTIONABLE + 5);
        assertThat(admission).isEqualTo(new RoutingTable.Admission.BucketFull(residents.get(1)));
        table.keep(residents.get(1), QUESTIONABLE + 6);
        assertThat(table.bucket(200)).doesNotContain(newcomer).endsWith(residents.get(1)).hasSize(K);
    }

    @Test
    void aLeastRecentlySeenContactThatFailsItsPingMakesWayForTheNewestReplacement() {
        List<Contact> residents = fill(200, 0);
        Contact first = inBucket(200);
        Contact second = inBucket(200);
        table.observe(first, QUESTIONABLE + 1);
        table.observe(second, QUESTIONABLE + 2);
        table.evict(residents.get(0).id());
        assertThat(table.bucket(200)).contains(second).doesNotContain(residents.get(0), first).hasSize(K);
    }

    @Test
    void closestReturnsContactsInXorOrderAcrossBuckets() {
        List<Contact> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Contact contact = new Contact(Key.random(random), new Address("10.0.0.2", port++));
            if (table.observe(contact, 0) instanceof RoutingTable.Admission.Admitted) {
                all.add(contact);
            }
        }
        for (int i = 0; i < 50; i++) {
            Key target = i == 0 ? self : Key.random(random);
            List<Contact> expected = new ArrayList<>(all);
            expected.sort(Comparator.comparing(Contact::id, target::compareDistance));
            assertThat(table.closest(target, 10)).containsExactlyElementsOf(expected.subList(0, 10));
        }
    }

    @Test
    void staleBucketsAreThoseFromTheNearestContactOutwardUntouchedForTheRefreshInterval() {
        table.observe(inBucket(250), 0);
        table.observe(inBucket(252), 100);
        assertThat(table.stale(150, 100)).containsExactly(250, 251, 253, 254, 255);
        table.touch(251, 120);
        assertThat(table.stale(150, 100)).containsExactly(250, 253, 254, 255);
    }

    private List<Contact> fill(int index, long now) {
        List<Contact> residents = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            Contact contact = inBucket(index);
            assertThat(table.observe(contact, now)).isInstanceOf(RoutingTable.Admission.Admitted.class);
            residents.add(contact);
        }
        return residents;
    }
}
