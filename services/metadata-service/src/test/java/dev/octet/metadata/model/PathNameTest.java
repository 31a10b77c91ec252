package dev.octet.metadata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.platform.web.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathNameTest {

    @Test
    void knowsItsParentNameAndAncestors() {
        PathName path = PathName.parse("/a/b/c.txt");
        assertThat(path.name()).isEqualTo("c.txt");
        assertThat(path.parent()).contains(new PathName("/a/b"));
        assertThat(path.ancestors()).containsExactly(PathName.ROOT, new PathName("/a"), new PathName("/a/b"));
        assertThat(PathName.ROOT.parent()).isEmpty();
        assertThat(PathName.parse("/a/b/")).isEqualTo(new PathName("/a/b"));
    }

    @Test
    void aDirectoryIsAnAncestorOnlyOfWhatLiesBelowIt() {
        assertThat(PathName.parse("/a").isAncestorOf(PathName.parse("/a/b"))).isTrue();
        assertThat(PathName.parse("/a").isAncestorOf(PathName.parse("/ab"))).isFalse();
        assertThat(PathName.parse("/a").isAncestorOf(PathName.parse("/a"))).isFalse();
        assertThat(PathName.ROOT.isAncestorOf(PathName.parse("/a"))).isTrue();
    }

    @Test
    void refusesPathsThatAreNotPlainAndAbsolute() {
        String longName = "n".repeat(PathName.MAX_NAME_BYTES + 1);
        for (String bad : List.of("", "a/b", "/a/../b", "/a/./b", "/..", "/a//b", "/a/\u0001", "/x/" + longName,
                "/" + "a/".repeat(2100))) {
            assertThatThrownBy(() -> PathName.parse(bad)).as("'%s'", bad).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).toProblem().status()).isEqualTo(400);
        }
        assertThat(PathName.parse("/x/" + "n".repeat(PathName.MAX_NAME_BYTES)).name()).hasSize(PathName.MAX_NAME_BYTES);
    }
}
