package dev.octet.peer.dht;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kademlia's routing table: 256 k-buckets, bucket i holding contacts whose distance from this peer has its
 * highest bit at i, each ordered from least to most recently seen. A bucket that is full takes a newcomer
 * only if its least-recently-seen contact fails a ping (long-lived contacts are the likeliest to stay: the
 * paper's observation); until then the newcomer waits in the bucket's replacement cache. As in BitTorrent's
 * DHT (BEP 5), a contact heard from within the last {@code questionableAfterMillis} is good and is not even
 * pinged: the newcomer just waits.
 *
 * <p>Only contacts that have themselves sent this peer a signed message are offered to the table; contacts
 * named in others' answers are tried in lookups, never admitted on hearsay.
 */
public final class RoutingTable {

    /** What {@link #observe} did with a contact. */
    public sealed interface Admission {
        /** The contact is in the table now (new, or moved to its bucket's most-recently-seen end). */
        record Admitted() implements Admission {
        }

        /** The bucket is full of good contacts: the newcomer waits in the replacement cache. */
        record Waiting() implements Admission {
        }

        /** The bucket is full: ping {@code leastRecentlySeen}, then {@link #keep} or {@link #evict} it. */
        record BucketFull(Contact leastRecentlySeen) implements Admission {
        }
    }

    private static final Admission ADMITTED = new Admission.Admitted();
    private static final Admission WAITING = new Admission.Waiting();

    private final Key self;
    private final int k;
    private final long questionableAfterMillis;
    private final Bucket[] buckets = new Bucket[Key.BITS];

    private static final class Bucket {
        final LinkedHashMap<Key, Contact> contacts = new LinkedHashMap<>();
        final Map<Key, Long> lastSeen = new HashMap<>();
        final LinkedHashMap<Key, Contact> replacements = new LinkedHashMap<>();
        long touched;
    }

    public RoutingTable(Key self, int k, long questionableAfterMillis) {
        this.self = self;
        this.k = k;
        this.questionableAfterMillis = questionableAfterMillis;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket();
        }
    }

    public Key self() {
        return self;
    }

    /** Offers a contact that just sent a signed message; {@code now} marks its bucket as used. */
    public Admission observe(Contact contact, long now) {
        int index = self.bucketIndex(contact.id());
        if (index < 0) {
            return ADMITTED;
        }
        Bucket bucket = buckets[index];
        bucket.touched = now;
        if (bucket.contacts.remove(contact.id()) != null || bucket.contacts.size() < k) {
            bucket.contacts.put(contact.id(), contact);
            bucket.lastSeen.put(contact.id(), now);
            bucket.replacements.remove(contact.id());
            return ADMITTED;
        }
        bucket.replacements.remove(contact.id());
        bucket.replacements.put(contact.id(), contact);
        if (bucket.replacements.size() > k) {
            Iterator<Key> oldest = bucket.replacements.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Contact oldest = bucket.contacts.values().iterator().next();
        return now - bucket.lastSeen.get(oldest.id()) < questionableAfterMillis ? WAITING : new Admission.BucketFull(oldest);
    }

    /** The least-recently-seen contact answered its ping: it stays, now most recently seen. */
    public void keep(Contact contact, long now) {
        Bucket bucket = bucketOf(contact.id());
        if (bucket != null && bucket.contacts.remove(contact.id()) != null) {
            bucket.contacts.put(contact.id(), contact);
            bucket.lastSeen.put(contact.id(), now);
        }
    }

    /** The contact did not answer (or is dead): it goes, and the newest waiting replacement takes its place. */
    public void evict(Key id) {
        Bucket bucket = bucketOf(id);
        if (bucket == null) {
            return;
        }
        bucket.replacements.remove(id);
        Long seen = bucket.lastSeen.remove(id);
        if (bucket.contacts.remove(id) != null && !bucket.replacements.isEmpty()) {
            Key newest = null;
            for (Key candidate : bucket.replacements.keySet()) {
                newest = candidate;
            }
            bucket.contacts.put(newest, bucket.replacements.remove(newest));
            // Heard from when it was offered, which was no later than the contact it replaces was.
            bucket.lastSeen.put(newest, seen);
        }
    }

    public boolean contains(Key id) {
        Bucket bucket = bucketOf(id);
        return bucket != null && bucket.contacts.containsKey(id);
    }

    /**
     * The {@code count} contacts closest to {@code target} by XOR distance, closest first. With b the bucket
     * the target falls in, bucket b's contacts are closer to it than any other's, those of the buckets below b
     * come next (in no bucket order, so they are sorted together), then buckets b + 1, b + 2, ... in turn; so
     * only as many buckets are read and sorted as the answer needs.
     */
    public List<Contact> closest(Key target, int count) {
        Comparator<Contact> byDistance = Comparator.comparing(Contact::id, target::compareDistance);
        int b = self.bucketIndex(target);
        List<Contact> closest = new ArrayList<>();
        if (b >= 0) {
            addSorted(closest, buckets[b], byDistance);
        }
        if (closest.size() < count) {
            List<Contact> below = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                if (!buckets[i].contacts.isEmpty()) {
                    below.addAll(buckets[i].contacts.values());
                }
            }
            below.sort(byDistance);
            closest.addAll(below);
        }
        for (int i = b + 1; i < buckets.length && closest.size() < count; i++) {
            addSorted(closest, buckets[i], byDistance);
        }
        return closest.size() > count ? new ArrayList<>(closest.subList(0, count)) : closest;
    }

    private static void addSorted(List<Contact> into, Bucket bucket, Comparator<Contact> order) {
        if (!bucket.contacts.isEmpty()) {
            List<Contact> group = new ArrayList<>(bucket.contacts.values());
            group.sort(order);
            into.addAll(group);
        }
    }

    public int size() {
        int size = 0;
        for (Bucket bucket : buckets) {
            size += bucket.contacts.size();
        }
        return size;
    }

    /** Bucket {@code index}'s contacts, least recently seen first. */
    public List<Contact> bucket(int index) {
        return List.copyOf(buckets[index].contacts.values());
    }

    /** Marks bucket {@code index} as used (a lookup for a key in its range). */
    public void touch(int index, long now) {
        buckets[index].touched = now;
    }

    /**
     * Buckets untouched for {@code refreshMillis}, up to the farthest non-empty one: Kademlia refreshes each
     * with a lookup for a random key in its range. Buckets nearer than this peer's nearest contact stay empty
     * for good in a small network, so only those from there up count.
     */
    public List<Integer> stale(long now, long refreshMillis) {
        List<Integer> stale = new ArrayList<>();
        int nearest = -1;
        for (int i = 0; i < buckets.length && nearest < 0; i++) {
            if (!buckets[i].contacts.isEmpty()) {
                nearest = i;
            }
        }
        if (nearest < 0) {
            return stale;
        }
        for (int i = nearest; i < buckets.length; i++) {
            if (now - buckets[i].touched >= refreshMillis) {
                stale.add(i);
            }
        }
        return stale;
    }

    private Bucket bucketOf(Key id) {
        int index = self.bucketIndex(id);
        return index < 0 ? null : buckets[index];
    }
}
