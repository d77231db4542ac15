/** A GitHub-flavoured Markdown table; cells are printed as given (pipes escaped). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (value: string | number): string => String(value).replace(/\|/gu, "\\|");
  const line = (cells: readonly (string | number)[]): string => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A number for a results table: 4 significant digits, exponent form below 0.001, "—" for NaN. */
export function formatMetric(value: number): string {
  if (Number.isNaN(value)) return "—";
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}
