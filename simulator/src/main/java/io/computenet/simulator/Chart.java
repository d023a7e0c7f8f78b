package io.computenet.simulator;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A line chart (PNG, Java2D, headless) of GPU allocation against arrived load: one line per policy, the mean over
 * its seeds per percent column.
 */
public final class Chart {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f)};

    private Chart() {
    }

    /** Mean allocation per arrived-load column over the given curves. */
    public static Map<Integer, Double> meanAllocation(List<Curve> curves) {
        Map<Integer, double[]> acc = new TreeMap<>();
        for (Curve c : curves) {
            for (Curve.Point p : c.points()) {
                double[] a = acc.computeIfAbsent(p.arrivedPct(), k -> new double[2]);
                a[0] += p.allocPct();
                a[1]++;
            }
        }
        Map<Integer, Double> mean = new TreeMap<>();
        acc.forEach((k, a) -> mean.put(k, a[0] / a[1]));
        return mean;
    }

    /**
     * Writes the chart.
     *
     * @param series policy name to its mean allocation per arrived-load column
     * @param fromPct first arrived-load column shown
     * @param toPct   last arrived-load column shown
     */
    public static void write(Path png, String title, Map<String, Map<Integer, Double>> series, int fromPct,
                             int toPct) {
        int width = 960;
        int height = 600;
        int left = 70;
        int right = 200;
        int top = 50;
        int bottom = 60;
        double yMin = 100;
        for (Map<Integer, Double> s : series.values()) {
            for (Map.Entry<Integer, Double> e : s.entrySet()) {
                if (e.getKey() >= fromPct && e.getKey() <= toPct) {
                    yMin = Math.min(yMin, e.getValue());
                }
            }
        }
        yMin = Math.max(0, Math.floor(yMin / 5) * 5);
        double yMax = 100;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int plotW = width - left - right;
            int plotH = height - top - bottom;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (double y = yMin; y <= yMax + 1e-9; y += 5) {
                int py = top + (int) Math.round(plotH * (yMax - y) / (yMax - yMin));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(left, py, left + plotW, py);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.0f", y), left - 30, py + 4);
            }
            for (int x = fromPct - fromPct % 10; x <= toPct; x += 10) {
                if (x < fromPct) {
                    continue;
                }
                int px = left + (int) Math.round(plotW * (x - fromPct) / (double) (toPct - fromPct));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(px, top, px, top + plotH);
                g.setColor(Color.DARK_GRAY);
                g.drawString(x + "%", px - 12, top + plotH + 18);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, plotW, plotH);
            g.drawString("arrived GPU demand (% of GPU capacity)", left + plotW / 2 - 120, height - 20);
            g.rotate(-Math.PI / 2);
            g.drawString("allocated GPU (% of capacity)", -(top + plotH / 2 + 90), 20);
            g.rotate(Math.PI / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, left, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int i = 0;
            for (Map.Entry<String, Map<Integer, Double>> s : new LinkedHashMap<>(series).entrySet()) {
                Color color = COLORS[i % COLORS.length];
                g.setColor(color);
                g.setStroke(new BasicStroke(2f));
                int prevX = -1;
                int prevY = -1;
                for (Map.Entry<Integer, Double> p : s.getValue().entrySet()) {
                    if (p.getKey() < fromPct || p.getKey() > toPct) {
                        continue;
                    }
                    int px = left + (int) Math.round(plotW * (p.getKey() - fromPct) / (double) (toPct - fromPct));
                    int py = top + (int) Math.round(plotH * (yMax - p.getValue()) / (yMax - yMin));
                    if (prevX >= 0) {
                        g.drawLine(prevX, prevY, px, py);
                    }
                    prevX = px;
                    prevY = py;
                }
                int ly = top + 20 + 22 * i;
                g.drawLine(left + plotW + 15, ly - 4, left + plotW + 40, ly - 4);
                g.setColor(Color.BLACK);
                Double last = s.getValue().get(toPct);
                g.drawString(s.getKey() + (last == null ? "" : String.format(Locale.ROOT, " %.2f", last)),
                        left + plotW + 45, ly);
                i++;
            }
        } finally {
            g.dispose();
        }
        try {
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
