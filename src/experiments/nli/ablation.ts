import { disposeNets } from "../../nets/net.js";
import { configSplit, defaultConfig, type NliConfig } from "../../systems/nli/config.js";
import { evaluateNli, evaluateSolver } from "../../systems/nli/evaluate.js";
import { lpnSolver, trainLpn } from "../../systems/nli/lpn.js";
import { trainNli } from "../../systems/nli/train.js";
import type { Experiment, ExperimentContext, ExperimentOutput } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { lpnSearchAt, methodRecord, searchAt, secondsSince, type MethodRecord } from "./methods.js";
import { nliScale } from "./scales.js";

/**
 * The NLI seed's ablation table: OOD accuracy with gradient search after removing one component
 * at a time. gradsynth runs it on Shift-L (the seed does not say which split its table uses).
 * "no discrete program" is the LPN baseline (one continuous latent, with gradient search), "no
 * recurrent execution" a single token position (T = 1), "no encoder loss" λ = 0, and the Gumbel
 * and skip rows switch the component off in training and search (config.ts, NLI_ABLATIONS).
 * "no discrete layer" is not run: the seed does not define it beyond its name.
 */
const SEED_OOD = {
  "no discrete program": 0.01,
  "no recurrent execution": 0.02,
  "no discrete layer": 0.05,
  "no interpreter gumbel": 0.05,
  "no skip token": 0.24,
  "no encoder loss": 0.66,
  "no inductor gumbel": 0.76,
  Base: 0.97,
} as const;
type AblationRow = keyof typeof SEED_OOD;

const SPLIT = "shift-l";

/** The token models of the table: each row's config from the base config. */
const TOKEN_ROWS: readonly [AblationRow, (base: NliConfig) => NliConfig][] = [
  ["Base", (base) => base],
  ["no encoder loss", (base) => ({ ...base, regularizer: 0 })],
  ["no inductor gumbel", (base) => ({ ...base, ablations: ["inductor-gumbel"] })],
  ["no interpreter gumbel", (base) => ({ ...base, ablations: ["interpreter-gumbel"] })],
  ["no skip token", (base) => ({ ...base, ablations: ["skip-token"] })],
  ["no recurrent execution", (base) => ({ ...base, programLength: 1 })],
];

async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const scale = nliScale(context.scale);
  const base = defaultConfig(SPLIT, scale.ablationSteps, context.seed);
  const evaluation = { tasks: scale.tasks, chunk: scale.tasks, seed: context.seed };
  const total = TOKEN_ROWS.length + 1;
  const records: MethodRecord<AblationRow>[] = [];
  for (const [i, [row, configOf]] of TOKEN_ROWS.entries()) {
    context.progress(i, total, row);
    const began = performance.now();
    const { model } = await trainNli(configOf(base));
    records.push(methodRecord(SPLIT, row, scale.tasks, secondsSince(began), evaluateNli(model, { ...evaluation, search: searchAt(scale, "gradient") })));
    disposeNets(model);
  }
  context.progress(TOKEN_ROWS.length, total, "no discrete program");
  const began = performance.now();
  const lpn = trainLpn(base);
  const trainSeconds = secondsSince(began);
  const search = lpnSearchAt(scale, true);
  records.push(methodRecord(SPLIT, "no discrete program", scale.tasks, trainSeconds, evaluateSolver(configSplit(base), base, evaluation, lpnSolver(lpn, search), search.starts * search.steps)));
  disposeNets(lpn);
  context.progress(total, total, "done");
  const rows = (Object.keys(SEED_OOD) as AblationRow[]).map((row) => {
    const r = records.find((x) => x.method === row);
    return [row, r === undefined ? "not run" : r.id.toFixed(2), r === undefined ? "not run" : r.ood.toFixed(2), SEED_OOD[row].toFixed(2), r === undefined ? "—" : r.trainSeconds];
  });
  const markdown = `# NLI ablations (${context.scale} scale, seed ${context.seed}, ${SPLIT})

Every model trained ${scale.ablationSteps} steps; gradient search ${scale.starts} starts × ${scale.searchSteps} steps on ${scale.tasks} fresh ID and
${scale.tasks} fresh OOD tasks. The seed's column is its OOD accuracy (split not stated).

${markdownTable(["removed", "ID", "OOD", "seed OOD", "training (s)"], rows)}
`;
  return { results: { experiment: "nli-ablation", scale: context.scale, seed: context.seed, split: SPLIT, settings: scale, records }, markdown, plots: [] };
}

export const nliAblation: Experiment = {
  name: "nli-ablation",
  summary: "NLI ablations on Shift-L: OOD accuracy with gradient search after removing one component",
  run,
};
