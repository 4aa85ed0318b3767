// cli/table.ts
var MIN_SHRUNK = 12;
function renderTable(columns, rows, options = {}) {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? "").length)));
  if (options.width !== void 0) fit(columns, widths, options.width);
  const paint = options.paint ?? ((_s, t) => t);
  const line = (cells, styled) => columns.map((c, i) => {
    const w = widths[i];
    const cell = cut(cells[i] ?? "", w);
    const padded = c.align === "right" ? cell.padStart(w) : cell.padEnd(w);
    return styled && c.style ? paint(c.style(cells[i] ?? ""), padded) : padded;
  }).join("  ").trimEnd();
  return [line(columns.map((c) => c.header), false), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((r) => line(r, true))];
}
function fit(columns, widths, width) {
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    columns.forEach((c, i) => {
      if (c.shrink && widths[i] > MIN_SHRUNK && (widest < 0 || widths[i] > widths[widest])) widest = i;
    });
    if (widest < 0) return;
    widths[widest] = Math.max(MIN_SHRUNK, widths[widest] - (total() - width));
  }
}
function cut(text, width) {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}\u2026${text.slice(text.length - (width - 1 - head))}`;
}

export {
  renderTable
};
//# sourceMappingURL=chunk-V3DY5YFY.js.map
