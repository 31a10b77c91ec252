package dev.octet.deployment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Dockerfile as instructions (continuation lines joined), each with its line number, in stages. */
final class Dockerfile {

    record Instruction(int line, String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> matching = all(keyword);
            return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
        }
    }

    private final String path;
    private final List<Stage> stages;
    private final Map<String, Integer> fromLines;

    private Dockerfile(String path, List<Stage> stages, Map<String, Integer> fromLines) {
        this.path = path;
        this.stages = stages;
        this.fromLines = fromLines;
    }

    static Dockerfile parse(String path, String text) {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (current.length() == 0) {
                start = i + 1;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String instruction = current.toString().strip();
            current.setLength(0);
            int space = instruction.indexOf(' ');
            instructions.add(new Instruction(start, (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase(),
                    space < 0 ? "" : instruction.substring(space + 1).strip()));
        }
        Map<String, String> arguments = new HashMap<>();
        Map<String, Integer> fromLines = new HashMap<>();
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("ARG") && stages.isEmpty()) {
                String[] argument = instruction.arguments().split("=", 2);
                arguments.put(argument[0].strip(), argument.length > 1 ? argument[1].strip() : "");
            } else if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().replaceAll("--platform=\\S+\\s+", "").split("\\s+");
                String image = words[0];
                for (Map.Entry<String, String> argument : arguments.entrySet()) {
                    image = image.replace("${" + argument.getKey() + "}", argument.getValue()).replace("$" + argument.getKey(), argument.getValue());
                }
                String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                stages.add(new Stage(image, name, new ArrayList<>()));
                fromLines.put(image + "#" + stages.size(), instruction.line());
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(path, stages, fromLines);
    }

    List<Stage> stages() {
        return stages;
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** "path:line", for messages. */
    String at(Instruction instruction) {
        return path + ":" + instruction.line();
    }

    String atFrom(int stageIndex) {
        Stage stage = stages.get(stageIndex);
        return path + ":" + fromLines.get(stage.image() + "#" + (stageIndex + 1));
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(stage -> name.equals(stage.name())).findFirst();
    }

    /**
     * A stage as the image it makes: its instructions after those of the stages it is built FROM, and
     * the image at the bottom of that chain.
     */
    Stage image(Stage stage) {
        List<Instruction> instructions = new ArrayList<>(stage.instructions());
        Stage current = stage;
        while (stage(current.image()).isPresent() && stage(current.image()).get() != current) {
            current = stage(current.image()).get();
            instructions.addAll(0, current.instructions());
        }
        return new Stage(current.image(), stage.name(), instructions);
    }

    /** "path:line" of a stage's FROM. */
    String atFrom(Stage stage) {
        return atFrom(stages.indexOf(stage));
    }

    /** Whether this stage's FROM names an earlier stage rather than an image. */
    boolean isStageReference(int stageIndex) {
        String image = stages.get(stageIndex).image();
        return stages.subList(0, stageIndex).stream().anyMatch(stage -> image.equals(stage.name()));
    }
}
