// Geometry of the bar chart (annualized value per group). Pure; the webview draws it as inline SVG.

export interface ChartInput {
  label: string;
  value: number;
  /** What the bar says, e.g. "$12,000". */
  text: string;
  /** A second mark on the same scale (the expected value), drawn as a thinner bar. */
  second?: number;
}

export interface Bar {
  label: string;
  text: string;
  value: number;
  /** Left edge of the bar, in SVG user units. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Baseline of the label and value text. */
  textY: number;
  /** Width of the second mark (0 when there is none). */
  secondWidth: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  bars: Bar[];
}

export interface ChartOptions {
  /** Total width of the drawing, default 300. */
  width?: number;
  /** Height of one bar, default 14. */
  barHeight?: number;
  /** Space above each bar for its label, default 16. */
  labelHeight?: number;
  /** Gap below each bar, default 6. */
  gap?: number;
  /** The value that fills the width (default: the largest value or second mark), so several charts share a scale. */
  max?: number;
}

/** A value a bar can use: finite and not negative (anything else draws an empty bar). */
function drawable(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * One horizontal bar per group, widths proportional to the values (the largest fills the width). Zero,
 * negative or non-finite values get a zero-width bar; when every value is zero, every bar is empty.
 */
export function layoutBars(items: readonly ChartInput[], options: ChartOptions = {}): ChartLayout {
  const width = options.width ?? 300;
  const barHeight = options.barHeight ?? 14;
  const labelHeight = options.labelHeight ?? 16;
  const gap = options.gap ?? 6;
  const max = options.max !== undefined ? drawable(options.max) : items.reduce((m, item) => Math.max(m, drawable(item.value), drawable(item.second ?? 0)), 0);
  const rowHeight = labelHeight + barHeight + gap;
  const bars = items.map((item, index): Bar => {
    const top = index * rowHeight;
    const value = drawable(item.value);
    return {
      label: item.label,
      text: item.text,
      value: item.value,
      x: 0,
      y: top + labelHeight,
      width: max > 0 ? (Math.min(value, max) / max) * width : 0,
      height: barHeight,
      secondWidth: max > 0 ? (Math.min(drawable(item.second ?? 0), max) / max) * width : 0,
      textY: top + labelHeight - 4,
    };
  });
  return { width, height: Math.max(rowHeight * items.length - gap, 0), bars };
}
