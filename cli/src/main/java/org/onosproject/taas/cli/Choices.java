package org.onosproject.taas.cli;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Completion candidates for ID|NAME arguments.
 */
final class Choices {

    private Choices() {
    }

    /**
     * Returns every id, then every name that identifies exactly one object and can be typed
     * as one shell word, each list sorted.
     *
     * @param objects tap services or tap flows
     * @param id      id of an object
     * @param name    name of an object
     * @param <T>     object type
     * @return candidates
     */
    static <T> List<String> idsAndNames(Collection<T> objects, Function<T, String> id, Function<T, String> name) {
        Map<String, Long> names = objects.stream().map(name)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Stream<String> ids = objects.stream().map(id).sorted();
        Stream<String> unique = names.entrySet().stream()
                .filter(e -> e.getValue() == 1 && !e.getKey().isEmpty() && e.getKey().chars()
                        .noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\''))
                .map(Map.Entry::getKey).sorted();
        return Stream.concat(ids, unique).collect(Collectors.toList());
    }
}
