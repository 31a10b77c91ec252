package dev.octet.router.frontend;

import dev.octet.router.protocol.FrontendMessage;
import io.netty.channel.EventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Decides which thread works on one session, so that exactly one does at any time. The session
 * works through its client's messages on the connection's event loop as long as nothing has to
 * wait; while a shard's reply is on its way the loop serves other connections; when a step must
 * wait (a login, a statement over several shards, a two-phase commit, COPY), a worker thread takes
 * over and hands the session back to the loop when the messages are done.
 */
final class SessionPump {

    /** How far a session got with its messages. */
    enum Progress {
        /** Every message is handled. */
        IDLE,
        /** A shard's reply is being relayed on the loop; {@link #resume()} follows. */
        AWAITING_REPLY,
        /** The next step has to wait: a worker must take it. */
        NEEDS_WORKER
    }

    private enum Owner { LOOP, REPLY, WORKER }

    private final EventLoop loop;
    private final Executor workers;
    private final ClientInbox inbox;
    private Session session;
    private Owner owner = Owner.LOOP;
    private boolean working;
    private boolean resumedWhileWorking;

    SessionPump(EventLoop loop, Executor workers, ClientInbox inbox) {
        this.loop = loop;
        this.workers = workers;
        this.inbox = inbox;
    }

    void attach(Session session) {
        this.session = session;
    }

    /** A message from the client (on the loop). */
    void received(FrontendMessage message) {
        inbox.add(message);
        poke();
    }

    /** The decoder found a protocol violation or the client went away (on the loop): handled after what came before. */
    void poke() {
        if (owner == Owner.LOOP) {
            work();
        }
    }

    /**
     * The client went away (on the loop; the session knows already). A statement still running on the shards is cancelled there,
     * so that the session can roll back instead of waiting for it (say, behind a lock) with nobody to
     * answer; then the session closes, as soon as it is its turn.
     */
    void clientGone() {
        if (owner != Owner.LOOP) {
            session.cancelForGoneClient();
        }
        poke();
    }

    /** Runs {@code action} on the loop if the session is idle then: nothing under way, no message waiting. */
    void whenIdle(Runnable action) {
        loop.execute(() -> {
            if (owner == Owner.LOOP && !working && inbox.peek() == null) {
                action.run();
            }
        });
    }

    /** A reply relayed on the loop is complete (on the loop). */
    void resume() {
        if (working) {
            // The reply completed while its statement was being started (say, the connection had just
            // failed): the work loop below carries on instead of starting a second one inside itself.
            resumedWhileWorking = true;
            return;
        }
        owner = Owner.LOOP;
        work();
    }

    private void work() {
        working = true;
        try {
            Progress progress;
            do {
                resumedWhileWorking = false;
                progress = session.work(inbox, true);
            } while (progress == Progress.AWAITING_REPLY && resumedWhileWorking);
            switch (progress) {
                case IDLE -> owner = Owner.LOOP;
                case AWAITING_REPLY -> owner = Owner.REPLY;
                case NEEDS_WORKER -> handOver();
            }
        } finally {
            working = false;
        }
    }

    private void handOver() {
        owner = Owner.WORKER;
        try {
            workers.execute(this::workOnWorker);
        } catch (RejectedExecutionException e) {
            // shutting down
            owner = Owner.LOOP;
        }
    }

    private void workOnWorker() {
        try {
            session.work(inbox, false);
        } finally {
            loop.execute(() -> {
                owner = Owner.LOOP;
                work();
            });
        }
    }
}
