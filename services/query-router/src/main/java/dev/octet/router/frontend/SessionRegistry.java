package dev.octet.router.frontend;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open sessions by the process id the router gave them, so a CancelRequest finds its session. */
final class SessionRegistry {

    private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1000);
    private final SecureRandom random = new SecureRandom();

    int register(Session session) {
        int id = nextId.incrementAndGet();
        sessions.put(id, session);
        return id;
    }

    int newSecret() {
        return random.nextInt();
    }

    void remove(int id) {
        sessions.remove(id);
    }

    void cancel(int id, int secret) {
        Session session = sessions.get(id);
        if (session != null && session.secretKey() == secret) {
            session.cancelRunningQuery(null);
        }
    }

    /** The open sessions, as they are now. */
    Collection<Session> sessions() {
        return List.copyOf(sessions.values());
    }

    int size() {
        return sessions.size();
    }
}
