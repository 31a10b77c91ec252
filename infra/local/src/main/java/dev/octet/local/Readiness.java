package dev.octet.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a started process to become ready, failing early if it dies. */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Readiness() {
    }

    public static void await(ManagedProcess process, String what, Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited before " + what + ". Last lines of "
                        + process.logFile() + ":\n" + process.tail(30));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " did not reach " + what + " within "
                        + timeout.toSeconds() + "s. Last lines of " + process.logFile() + ":\n" + process.tail(30));
            }
            pause();
        }
    }

    /** True if a GET of {@code url} answers 200 within two seconds. */
    public static boolean answersHttp(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
