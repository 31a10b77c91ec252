package dev.octet.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's /proc: the kernel's socket tables
 * ({@code /proc/net/tcp}, {@code tcp6}) joined to the process's open files by socket inode.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** The addresses each process listens on, from one reading of the kernel's socket tables. */
    static Map<Long, List<InetSocketAddress>> of(Collection<Long> pids) {
        Map<String, InetSocketAddress> listening = new HashMap<>();
        listening.putAll(table(Path.of("/proc/net/tcp")));
        listening.putAll(table(Path.of("/proc/net/tcp6")));
        Map<Long, List<InetSocketAddress>> byProcess = new LinkedHashMap<>();
        for (long pid : pids) {
            byProcess.put(pid, of(pid, listening));
        }
        return byProcess;
    }

    private static List<InetSocketAddress> of(long pid, Map<String, InetSocketAddress> listening) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            files.forEach(file -> {
                try {
                    Matcher socket = SOCKET.matcher(Files.readSymbolicLink(file).toString());
                    if (socket.matches() && listening.containsKey(socket.group(1))) {
                        addresses.add(listening.get(socket.group(1)));
                    }
                } catch (IOException e) {
                    // The descriptor was closed while we looked: not a listening socket of interest.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the open files of process " + pid, e);
        }
        return addresses;
    }

    /** Listening sockets by inode: "sl local_address rem_address st ... inode", addresses in hex. */
    private static Map<String, InetSocketAddress> table(Path file) {
        Map<String, InetSocketAddress> sockets = new HashMap<>();
        if (!Files.exists(file)) {
            return sockets;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(LISTEN)) {
                    String[] local = fields[1].split(":");
                    sockets.put(fields[9], new InetSocketAddress(address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sockets;
    }

    /** The kernel writes each 32-bit word of the address in host (little-endian) byte order. */
    private static InetAddress address(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = bytes[word + i];
                bytes[word + i] = bytes[word + 3 - i];
                bytes[word + 3 - i] = swap;
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address: " + hex, e);
        }
    }
}
