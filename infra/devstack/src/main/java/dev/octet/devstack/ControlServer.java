package dev.octet.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small HTTP API on 127.0.0.1 that {@code ./octet status|kill|restart|down} talk to:
 * {@code GET /status}, {@code POST /kill/<name>}, {@code POST /restart/<name>}, {@code POST /shutdown}.
 * It also swallows the services' OpenTelemetry exports when no collector is configured.
 */
final class ControlServer {

    private final HttpServer server;

    ControlServer(int port, Supervisor supervisor, Runnable shutdown) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the devstack control port " + port, e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "devstack-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/status", exchange -> respond(exchange, "GET", ignored -> supervisor.status()));
        server.createContext("/kill/", exchange -> respond(exchange, "POST", supervisor::kill));
        server.createContext("/restart/", exchange -> respond(exchange, "POST", supervisor::restart));
        server.createContext("/v1/", ControlServer::acceptTelemetry);
        server.createContext("/shutdown", exchange -> {
            respond(exchange, "POST", ignored -> "stopping the devstack");
            new Thread(shutdown, "devstack-shutdown").start();
        });
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    /**
     * The devstack runs no trace collector, yet services are built to export spans over OTLP. They
     * export here (OTLP over HTTP) and the spans are dropped, so no service logs export failures.
     */
    private static void acceptTelemetry(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static void respond(HttpExchange exchange, String method, Function<String, String> action) throws IOException {
        int status;
        String body;
        if (!exchange.getRequestMethod().equals(method)) {
            status = 405;
            body = "use " + method;
        } else {
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            try {
                body = action.apply(name);
                status = 200;
            } catch (IllegalArgumentException e) {
                status = 404;
                body = e.getMessage();
            } catch (RuntimeException e) {
                status = 500;
                body = e.getMessage();
            }
        }
        byte[] bytes = (body.endsWith("\n") ? body : body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
