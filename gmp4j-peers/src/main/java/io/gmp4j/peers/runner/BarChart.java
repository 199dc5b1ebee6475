package io.gmp4j.peers.runner;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results as a PNG: one panel per metric, one horizontal bar per peer at its median, a
 * whisker from min to max, the figure and the ratio to gmp4j written beside it. Each panel has
 * its own linear scale starting at zero (shorter is better everywhere), so bars compare within a
 * panel, never across panels. Drawn with Java2D in headless mode.
 */
final class BarChart {
    private static final int PANEL_W = 760;
    private static final int ROW_H = 26;
    private static final int LABEL_W = 150;
    private static final int VALUE_W = 190;
    private static final Color[] PEER_COLORS = {
            new Color(0x1b9e77), // gmp4j
            new Color(0x00add8), // Go's blue
            new Color(0xe76f00), // Java's orange
            new Color(0x7f52ff), // Kotlin's purple
            new Color(0x8c8c8c), // Jox
    };

    private BarChart() {
    }

    static void write(Results results, RunInfo info, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Workload.Metric> metrics = new ArrayList<>();
        List<Workload> owners = new ArrayList<>();
        for (Workload w : info.workloads()) {
            for (Workload.Metric m : w.metrics()) {
                metrics.add(m);
                owners.add(w);
            }
        }
        List<Peer> peers = info.peers();
        int panelH = 40 + peers.size() * ROW_H + 14;
        int cols = metrics.size() > 1 ? 2 : 1;
        int rows = (metrics.size() + cols - 1) / cols;
        int header = 70;
        BufferedImage img = new BufferedImage(cols * PANEL_W + 20, header + rows * panelH + 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("gmp4j and its peers — median of " + info.rounds() + " rounds, shorter is better", 16, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(info.machine() + " · " + info.procs() + " processors per peer · " + info.startedAt()
                    + " · whiskers: min–max · ×N: peer ÷ gmp4j", 16, 52);
            for (int i = 0; i < metrics.size(); i++) {
                int x = 10 + (i % cols) * PANEL_W;
                int y = header + (i / cols) * panelH;
                panel(g, results, metrics.get(i), owners.get(i), peers, x, y);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, Results results, Workload.Metric m, Workload w, List<Peer> peers, int x, int y) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(m.name() + " " + w.title() + " (" + m.unit() + ")", x + 6, y + 22);
        double scale = 0;
        for (Peer p : peers) {
            scale = Math.max(scale, results.stats(m, p).map(Results.Stats::max).orElse(0.0));
        }
        int barX = x + LABEL_W;
        int barW = PANEL_W - LABEL_W - VALUE_W - 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int r = 0; r < peers.size(); r++) {
            Peer p = peers.get(r);
            int rowY = y + 36 + r * ROW_H;
            g.setColor(Color.DARK_GRAY);
            g.drawString(p.label(), barX - 8 - fm.stringWidth(p.label()), rowY + 16);
            var stats = results.stats(m, p);
            if (stats.isEmpty() || scale <= 0) {
                g.setColor(Color.GRAY);
                String why = results.skipped().containsKey(p) ? "not installed"
                        : results.failure(m, p).isPresent() ? "failed" : "n/a";
                g.drawString(why, barX + 4, rowY + 16);
                continue;
            }
            var s = stats.get();
            int len = (int) Math.round(barW * Math.max(0, s.median()) / scale);
            g.setColor(PEER_COLORS[p.ordinal()]);
            g.fillRect(barX, rowY + 4, Math.max(len, 1), ROW_H - 8);
            int lo = barX + (int) Math.round(barW * Math.max(0, s.min()) / scale);
            int hi = barX + (int) Math.round(barW * Math.max(0, s.max()) / scale);
            int mid = rowY + ROW_H / 2;
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            g.drawLine(lo, mid, hi, mid);
            g.drawLine(lo, mid - 4, lo, mid + 4);
            g.drawLine(hi, mid - 4, hi, mid + 4);
            String text = MarkdownTable.fmt(s.median());
            if (p != Peer.GMP4J) {
                text += results.ratioToGmp4j(m, p).map(q -> "  " + MarkdownTable.ratio(q)).orElse("");
            }
            g.drawString(text, Math.max(hi, barX + len) + 8, rowY + 16);
        }
    }
}
