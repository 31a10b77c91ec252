package dev.octet.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Markdown file of the repository as a reader on GitHub sees it: its headings (as the anchors GitHub
 * gives them) and its links, leaving out what sits in fenced code blocks.
 */
record MarkdownFile(Path path, List<String> lines) {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules", ".git", ".mvn", ".ci");

    /** A link as written, with the line it is on (1-based). */
    record Link(int line, String target) {

        boolean external() {
            return target.contains("://") || target.startsWith("mailto:");
        }

        String file() {
            int hash = target.indexOf('#');
            return hash < 0 ? target : target.substring(0, hash);
        }

        String anchor() {
            int hash = target.indexOf('#');
            return hash < 0 ? null : target.substring(hash + 1);
        }
    }

    static MarkdownFile read(Path path) {
        try {
            return new MarkdownFile(path, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Markdown file of the repository, build output and tool folders left out. */
    static List<MarkdownFile> all(Path repository) {
        try (Stream<Path> files = Files.walk(repository)) {
            return files
                    .filter(path -> path.toString().endsWith(".md"))
                    .filter(path -> {
                        for (Path part : repository.relativize(path)) {
                            if (SKIPPED_FOLDERS.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .map(MarkdownFile::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines outside fenced code blocks, each with its 1-based number. */
    Map<Integer, String> prose() {
        Map<Integer, String> prose = new HashMap<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                prose.put(i + 1, line);
            }
        }
        return prose;
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        prose().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Matcher matcher = LINK.matcher(entry.getValue());
            while (matcher.find()) {
                links.add(new Link(entry.getKey(), matcher.group(1)));
            }
        });
        return links;
    }

    /** The anchors of the headings, as GitHub makes them: the second heading of a name gets {@code -1}. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        prose().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Matcher heading = HEADING.matcher(entry.getValue());
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        });
        return anchors;
    }

    /** GitHub's heading anchor: link text kept, lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
