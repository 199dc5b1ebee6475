package io.gmp4j.jcstress;

import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.runners.TestList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The jcstress tests under a package prefix, as jcstress's annotation processor listed them
 * (META-INF/TestList): real handshakes, expected to pass, and their {@link WeakenedTwin}s, expected
 * to fail. A new handshake is two classes: the real test and a twin naming it (or, for a class of
 * gmp4j-core that cannot be weakened from here, the real test, a model's test marked
 * {@link ModelOf} it, and the model's twin).
 *
 * @param real  real tests' class names
 * @param twins twins' class names, each with its annotation
 */
record HandshakeCatalog(List<String> real, Map<String, WeakenedTwin> twins) {

    static HandshakeCatalog load(String packagePrefix) throws ClassNotFoundException {
        String packageName = packagePrefix;
        List<String> real = new ArrayList<>();
        Map<String, WeakenedTwin> twins = new TreeMap<>();
        ClassLoader loader = HandshakeCatalog.class.getClassLoader();
        for (String name : TestList.tests()) {
            if (!name.startsWith(packageName)) {
                continue;
            }
            WeakenedTwin twin = Class.forName(name, false, loader).getAnnotation(WeakenedTwin.class);
            if (twin == null) {
                real.add(name);
            } else {
                twins.put(name, twin);
            }
        }
        real.sort(null);
        return new HandshakeCatalog(List.copyOf(real), twins);
    }

    List<String> all() {
        List<String> all = new ArrayList<>(real);
        all.addAll(twins.keySet());
        return all;
    }

    /** Every test by the seconds it gets in a short run: 1 for real tests, the twin's own setting. */
    Map<Integer, List<String>> byShortRunSeconds() {
        Map<Integer, List<String>> groups = new TreeMap<>();
        groups.computeIfAbsent(1, s -> new ArrayList<>()).addAll(real);
        twins.forEach((test, a) -> groups.computeIfAbsent(a.shortRunSeconds(), s -> new ArrayList<>()).add(test));
        return groups;
    }

    /**
     * What is wrong with the catalog: a twin of a class that is not a real test here, or one whose
     * outcomes differ from the test it weakens; a model ({@link ModelOf}) of a class that is not a
     * real test here, or with other outcomes; a real test that forbids an outcome and has no twin,
     * of its own or through the model that stands for it (nobody showed it can fail).
     */
    List<String> problems() throws ClassNotFoundException {
        List<String> problems = new ArrayList<>();
        Map<String, String> modelOf = new TreeMap<>(); // real test -> the test of its model
        for (String test : real) {
            ModelOf m = Class.forName(test, false, HandshakeCatalog.class.getClassLoader()).getAnnotation(ModelOf.class);
            if (m == null) {
                continue;
            }
            String of = m.value().getName();
            if (!real.contains(of)) {
                problems.add(test + " is a model of " + of + ", which is not a real jcstress test here");
            } else if (!outcomes(test).equals(outcomes(of))) {
                problems.add(test + " declares other outcomes than " + of + ", which it models");
            }
            modelOf.put(of, test);
        }
        twins.forEach((twin, a) -> {
            String of = a.of().getName();
            if (!real.contains(of)) {
                problems.add(twin + " is a twin of " + of + ", which is not a real jcstress test here");
            } else if (!outcomes(twin).equals(outcomes(of))) {
                problems.add(twin + " declares other outcomes than " + of + ", which it weakens");
            }
        });
        for (String test : real) {
            boolean forbids = TestList.getInfo(test).cases().stream()
                    .map(StateCase::expect)
                    .anyMatch(e -> e == Expect.FORBIDDEN);
            String model = modelOf.get(test);
            boolean covered = hasTwin(test) || (model != null && hasTwin(model));
            if (forbids && !covered) {
                problems.add(test + " forbids outcomes but has no @WeakenedTwin (nor a @ModelOf test with one)"
                        + " showing that jcstress can see them");
            }
        }
        return problems;
    }

    private boolean hasTwin(String test) {
        return twins.values().stream().anyMatch(a -> a.of().getName().equals(test));
    }

    /** A test's declared outcomes: each state pattern with its expectation, and the catch-all's. */
    private static List<String> outcomes(String test) {
        TestInfo info = TestList.getInfo(test);
        List<String> cases = new ArrayList<>();
        for (StateCase c : info.cases()) {
            cases.add(c.matchPattern() + " -> " + c.expect());
        }
        cases.add("(unmatched) -> " + (info.unmatched() == null ? "none" : info.unmatched().expect()));
        return cases;
    }
}
