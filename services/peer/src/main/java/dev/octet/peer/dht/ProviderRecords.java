package dev.octet.peer.dht;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values this peer keeps for the DHT: provider records, "peer P holds the blob with key K", each until it
 * expires unless re-announced. Bounded per key and in all, so a flood of STOREs cannot exhaust a peer.
 */
final class ProviderRecords {

    private record Record(Contact provider, long expires) {
    }

    private final int maxPerKey;
    private final int maxRecords;
    private final Map<Key, LinkedHashMap<Key, Record>> records = new HashMap<>();
    private int count;

    ProviderRecords(int maxPerKey, int maxRecords) {
        this.maxPerKey = maxPerKey;
        this.maxRecords = maxRecords;
    }

    /** Keeps (or renews) a record; false if this peer is full. */
    boolean put(Key key, Contact provider, long expires) {
        LinkedHashMap<Key, Record> providers = records.computeIfAbsent(key, ignored -> new LinkedHashMap<>());
        Record old = providers.remove(provider.id());
        if (old == null) {
            if (count >= maxRecords) {
                if (providers.isEmpty()) {
                    records.remove(key);
                }
                return false;
            }
            count++;
        }
        providers.put(provider.id(), new Record(provider, Math.max(expires, old == null ? 0 : old.expires())));
        if (providers.size() > maxPerKey) {
            Iterator<Key> oldest = providers.keySet().iterator();
            oldest.next();
            oldest.remove();
            count--;
        }
        return true;
    }

    /** The live providers of {@code key}, most recently announced first. */
    List<Contact> providers(Key key, long now) {
        LinkedHashMap<Key, Record> providers = records.get(key);
        List<Contact> live = new ArrayList<>();
        if (providers != null) {
            providers.values().stream().filter(record -> record.expires() > now).forEach(record -> live.add(0, record.provider()));
        }
        return live;
    }

    /** Forgets a provider everywhere (it died). */
    void forget(Key provider) {
        for (Iterator<LinkedHashMap<Key, Record>> it = records.values().iterator(); it.hasNext(); ) {
            LinkedHashMap<Key, Record> providers = it.next();
            if (providers.remove(provider) != null) {
                count--;
            }
            if (providers.isEmpty()) {
                it.remove();
            }
        }
    }

    void expire(long now) {
        for (Iterator<LinkedHashMap<Key, Record>> it = records.values().iterator(); it.hasNext(); ) {
            LinkedHashMap<Key, Record> providers = it.next();
            int before = providers.size();
            providers.values().removeIf(record -> record.expires() <= now);
            count -= before - providers.size();
            if (providers.isEmpty()) {
                it.remove();
            }
        }
    }

    int size() {
        return count;
    }
}
