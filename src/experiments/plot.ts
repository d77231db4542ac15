import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Renders a Vega-Lite specification to an SVG document, headless (no browser, no canvas): the
 * plotting library draws, gradsynth only describes the chart.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An axis of `linePanels`: the data field and its title. */
interface Axis {
  readonly field: string;
  readonly title: string;
}

/**
 * A Vega-Lite line chart with points: y against x, one line per value of `color` and one panel
 * per value of `column` (y averaged over repeated points with `meanY`).
 */
export function linePanels(chart: {
  readonly title: string;
  readonly values: readonly object[];
  readonly x: Axis;
  readonly y: Axis & { readonly meanY?: boolean };
  readonly color: string;
  readonly column: { readonly field: string; readonly title?: string };
  readonly width: number;
  readonly height: number;
}): TopLevelSpec {
  const { x, y, column } = chart;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: chart.title,
    data: { values: [...chart.values] },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: x.field, type: "quantitative", title: x.title },
      y: { field: y.field, type: "quantitative", title: y.title, ...(y.meanY === true ? { aggregate: "mean" as const } : {}) },
      color: { field: chart.color, type: "nominal" },
      column: { field: column.field, type: "nominal", ...(column.title === undefined ? {} : { title: column.title }) },
    },
    width: chart.width,
    height: chart.height,
  };
}
