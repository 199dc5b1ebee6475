package io.gmp4j.peers.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static io.gmp4j.peers.runner.TestRuns.HEAP;
import static io.gmp4j.peers.runner.TestRuns.W1;
import static org.assertj.core.api.Assertions.assertThat;

/** The markdown report: one row per metric, one column per peer, then notes. */
class MarkdownTableTest {
    private static final List<Workload> WORKLOADS = List.of(Workload.W1, Workload.W6, Workload.W7);
    /** Deliberately not in the enum's order: columns follow the order asked for. */
    private static final List<Peer> PEERS = List.of(Peer.JDK, Peer.GMP4J, Peer.GO, Peer.KOTLIN);

    private static String render() {
        return MarkdownTable.render(TestRuns.sample(), WORKLOADS, PEERS, TestRuns.info(3, 1, WORKLOADS, PEERS));
    }

    /** The cells of a markdown table row, trimmed, without the empty ends. */
    private static List<String> cells(String row) {
        String inner = row.strip();
        assertThat(inner).startsWith("|").endsWith("|");
        return Arrays.stream(inner.substring(1, inner.length() - 1).split("\\|", -1)).map(String::strip).toList();
    }

    private static List<String> rowsStartingWith(String md, String metric) {
        return md.lines().filter(l -> l.startsWith("| " + metric + " ")).toList();
    }

    private static List<String> row(String md, String metric) {
        List<String> rows = rowsStartingWith(md, metric);
        assertThat(rows).as("rows for %s", metric).hasSize(1);
        return cells(rows.get(0));
    }

    @Test
    void headerListsThePeersLabelsInTheOrderGiven() {
        List<String> lines = render().lines().toList();

        assertThat(cells(lines.get(0))).containsExactly("Workload", "Unit", "JDK VT + j.u.c", "gmp4j", "Go", "Kotlin coroutines");
        assertThat(cells(lines.get(1))).hasSize(2 + PEERS.size()).allMatch(c -> c.matches("-+"));
    }

    @Test
    void oneRowPerMetricAndEveryRowHasACellPerPeer() {
        String md = render();
        List<String> tableRows = md.lines().takeWhile(l -> l.startsWith("|")).toList();

        assertThat(tableRows).hasSize(2 + 4); // header, rule, W1, W6 heap, W6 RSS, W7
        assertThat(tableRows.stream().skip(2).map(l -> cells(l).get(0)))
                .containsExactly(
                        "W1 " + Workload.W1.title(), "W6 heap " + Workload.W6.title(),
                        "W6 RSS " + Workload.W6.title(), "W7 " + Workload.W7.title());
        assertThat(tableRows).allSatisfy(l -> assertThat(cells(l)).hasSize(2 + PEERS.size()));
        assertThat(row(md, "W6 heap").get(1)).isEqualTo(HEAP.unit());
        assertThat(row(md, "W1").get(1)).isEqualTo(W1.unit());
    }

    @Test
    void aCellShowsMedianRangeAndForOtherPeersTheRatioToGmp4j() {
        List<String> w1 = row(render(), "W1");

        assertThat(w1.get(3)).as("gmp4j").isEqualTo("**20.0** (10.0–30.0)");
        assertThat(w1.get(2)).as("JDK").isEqualTo("**50.0** (40.0–60.0) 2.50×");
    }

    @Test
    void bigFiguresGetThousandsSeparatorsAndBigRatiosNoDecimals() {
        String md = render();
        List<String> heap = row(md, "W6 heap");

        assertThat(heap.get(3)).as("gmp4j").isEqualTo("**2,000** (1,500–2,500)");
        assertThat(heap.get(2)).as("JDK").isEqualTo("**30,000** (30,000–30,000) 15×");
    }

    @Test
    void skippedFailedAndMissingCells() {
        String md = render();
        List<String> w1 = row(md, "W1");
        List<String> rss = row(md, "W6 RSS");

        assertThat(w1.get(4)).as("Go, skipped").isEqualTo("skipped");
        assertThat(w1.get(5)).as("Kotlin, failed").isEqualTo("failed");
        assertThat(rss.get(2)).as("JDK, nothing measured, nothing failed").isEqualTo("–");
        assertThat(rss.get(4)).as("Go is skipped on every row").isEqualTo("skipped");
    }

    @Test
    void theJdkW7CellAndTheNotesCarryTheDagger() {
        String md = render();
        List<String> w7 = row(md, "W7");

        assertThat(w7.get(2)).as("JDK").isEqualTo("**300** (300–300) 3.00× †");
        assertThat(w7.get(3)).as("gmp4j").doesNotContain("†");
        assertThat(md).contains("† JDK W7").contains("ArrayBlockingQueue");
    }

    @Test
    void noDaggerNoteWithoutBothTheJdkAndW7() {
        List<Workload> noW7 = List.of(Workload.W1);
        String withoutW7 = MarkdownTable.render(TestRuns.sample(), noW7, PEERS, TestRuns.info(3, 1, noW7, PEERS));
        List<Peer> noJdk = List.of(Peer.GMP4J);
        String withoutJdk = MarkdownTable.render(TestRuns.sample(), WORKLOADS, noJdk, TestRuns.info(3, 1, WORKLOADS, noJdk));

        assertThat(withoutW7).doesNotContain("†");
        assertThat(withoutJdk).doesNotContain("†");
    }

    @Test
    void theKotlinW8CellAndTheNotesCarryTheDoubleDagger() {
        List<Workload> w8 = List.of(Workload.W8);
        String md = MarkdownTable.render(TestRuns.sample(), w8, PEERS, TestRuns.info(3, 1, w8, PEERS));
        List<String> row = row(md, "W8");

        assertThat(row.get(0)).isEqualTo("W8 " + Workload.W8.title());
        assertThat(row.get(1)).isEqualTo("ns/request");
        assertThat(row.get(5)).as("Kotlin").isEqualTo("**30,000** (30,000–30,000) 1.50× ‡");
        assertThat(row.get(3)).as("gmp4j").isEqualTo("**20,000** (20,000–20,000)");
        assertThat(md).contains("‡ Kotlin W8").contains("AsynchronousSocketChannel").doesNotContain("†");
        assertThat(render()).as("no W8, no note").doesNotContain("‡");
    }

    @Test
    void notesTellHowItWasMeasuredWhoRanWhoWasSkippedAndWhatFailed() {
        String md = render();

        assertThat(md).contains("Median of 3 measured rounds after 1 warm-up rounds");
        assertThat(md).contains("2 processors per peer");
        assertThat(md).contains("sizes × 0.50");
        assertThat(md.lines()).contains(
                "- gmp4j: gmp4j 25+36-LTS",
                "- JDK VT + j.u.c: jdk 25+36-LTS",
                "- Go skipped: no Go toolchain found",
                "- Kotlin coroutines W1 failed: W1 sum was 1, expected 2");
    }

    @Test
    void theGmp4jColumnNeverShowsARatio() {
        String md = render();
        for (String metric : List.of("W1", "W6 heap", "W6 RSS", "W7")) {
            assertThat(row(md, metric).get(3)).as(metric).doesNotContain("×");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1234567.4 | 1,234,567",
            "1000      | 1,000",
            "-1500     | -1,500",
            "999.4     | 999",
            "123.45    | 123",
            "100       | 100",
            "99.94     | 99.9",
            "12.345    | 12.3",
            "10        | 10.0",
            "9.994     | 9.99",
            "1.2345    | 1.23",
            "0.004     | 0.00",
            "0         | 0.00",
            "-12.34    | -12.3",
    })
    void fmtKeepsThreeOrFourSignificantDigitsAndSeparatesThousands(double value, String shown) {
        assertThat(MarkdownTable.fmt(value)).isEqualTo(shown);
    }

    @Test
    void fmtIsTheSameInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(MarkdownTable.fmt(1234.4)).isEqualTo("1,234");
            assertThat(MarkdownTable.fmt(1.25)).isEqualTo("1.25");
            assertThat(MarkdownTable.ratio(2.5)).isEqualTo("2.50×");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void ratiosShowTwoDecimalsBelowTenAndNoneFromTen() {
        assertThat(MarkdownTable.ratio(0.5)).isEqualTo("0.50×");
        assertThat(MarkdownTable.ratio(9.99)).isEqualTo("9.99×");
        assertThat(MarkdownTable.ratio(10)).isEqualTo("10×");
        assertThat(MarkdownTable.ratio(123.4)).isEqualTo("123×");
    }
}
