package dev.octet.peer.membership;

import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Gossip;
import dev.octet.peer.protocol.WireSizes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * SWIM's dissemination queue: news waiting to be piggybacked. The least-sent news goes first (newest first
 * among equals); each piece is sent a limited number of times, and news about a member replaces older news
 * about the same member, as memberlist's TransmitLimitedQueue does.
 */
final class Broadcasts {

    private static final class Item {
        final Gossip gossip;
        final long order;
        int transmits;

        Item(Gossip gossip, long order) {
            this.gossip = gossip;
            this.order = order;
        }
    }

    private final TreeSet<Item> queue = new TreeSet<>(Comparator.<Item>comparingInt(item -> item.transmits)
            .thenComparing(item -> -item.order));
    private final Map<Key, Item> byMember = new HashMap<>();
    private long order;

    void add(Gossip gossip) {
        Item old = byMember.remove(gossip.member());
        if (old != null) {
            queue.remove(old);
        }
        Item item = new Item(gossip, order++);
        queue.add(item);
        byMember.put(gossip.member(), item);
    }

    /** News about {@code member} first, if any is queued (Lifeguard's buddy system puts it in a probe). */
    Gossip about(Key member) {
        Item item = byMember.get(member);
        return item == null ? null : item.gossip;
    }

    /** Takes news fitting in {@code budget} bytes, counting one more transmission of each. */
    List<Gossip> take(int budget, int limit) {
        List<Gossip> taken = new ArrayList<>();
        List<Item> sent = new ArrayList<>();
        int left = budget;
        for (Item item : queue) {
            int size = WireSizes.of(item.gossip);
            if (size <= left) {
                taken.add(item.gossip);
                sent.add(item);
                left -= size;
            }
            if (left < WireSizes.SMALLEST_GOSSIP) {
                break;
            }
        }
        for (Item item : sent) {
            queue.remove(item);
            item.transmits++;
            if (item.transmits < limit) {
                queue.add(item);
            } else {
                byMember.remove(item.gossip.member());
            }
        }
        return taken;
    }

    int size() {
        return queue.size();
    }
}
