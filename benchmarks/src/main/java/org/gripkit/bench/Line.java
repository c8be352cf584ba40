package org.gripkit.bench;

import java.util.Locale;

/**
 * One result line, {@code name key=value key=value ...}: the format every piece prints and
 * that {@code run.sh}, the peers and {@code QuickBenchIT} share.
 */
final class Line {
  private final StringBuilder text;

  private Line(String name) {
    this.text = new StringBuilder(name);
  }

  static Line of(String name) {
    return new Line(name);
  }

  Line add(String key, String value) {
    text.append(' ').append(key).append('=').append(value);
    return this;
  }

  Line add(String key, long value) {
    return add(key, Long.toString(value));
  }

  /** A measured number: no exponent, and as many decimals as its size calls for. */
  Line num(String key, double value) {
    return add(key, format(value));
  }

  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "nan";
    }
    double abs = Math.abs(value);
    String pattern = abs >= 1000 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, value);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
