package dev.octet.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README's port map: the one place ports are listed, as rows of ports and a component. */
final class PortMap {

    private static final Pattern PORTS = Pattern.compile("(\\d+)(?:-(\\d+))?");

    record Row(List<Integer> ports, String component) {
    }

    private final List<Row> rows;

    private PortMap(List<Row> rows) {
        this.rows = rows;
    }

    static PortMap fromReadme(String readme) {
        int start = readme.indexOf("## Port map");
        if (start < 0) {
            throw new IllegalStateException("README.md has no \"## Port map\" section");
        }
        List<Row> rows = new ArrayList<>();
        for (String line : readme.substring(start).lines().skip(1).toList()) {
            if (line.startsWith("## ")) {
                break;
            }
            String[] cells = line.split("\\|");
            if (!line.startsWith("|") || cells.length < 3 || !cells[1].strip().matches("[0-9].*")) {
                continue;
            }
            List<Integer> ports = new ArrayList<>();
            Matcher numbers = PORTS.matcher(cells[1]);
            while (numbers.find()) {
                int first = Integer.parseInt(numbers.group(1));
                int last = numbers.group(2) == null ? first : Integer.parseInt(numbers.group(2));
                for (int port = first; port <= last; port++) {
                    ports.add(port);
                }
            }
            rows.add(new Row(ports, cells[2].replace("`", "").strip()));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("README.md's port map has no rows");
        }
        return new PortMap(rows);
    }

    /** The ports of the rows whose component starts with this text, in order; fails if there is none. */
    List<Integer> portsOf(String component) {
        List<Integer> ports = new ArrayList<>();
        rows.stream().filter(row -> row.component().startsWith(component)).forEach(row -> ports.addAll(row.ports()));
        if (ports.isEmpty()) {
            throw new IllegalStateException("README.md's port map has no row for \"" + component + "\"");
        }
        return ports;
    }

    Set<Integer> allPorts() {
        Set<Integer> ports = new TreeSet<>();
        rows.forEach(row -> ports.addAll(row.ports()));
        return ports;
    }
}
