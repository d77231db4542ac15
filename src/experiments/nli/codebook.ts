import { printProgram, semantics, type SequenceProgram } from "../../data/nli/primitives.js";
import { Rng } from "../../engine/rng.js";
import { parseTokens } from "../../lang/tokens/program.js";
import { disposeNets } from "../../nets/net.js";
import { configSplit, defaultConfig } from "../../systems/nli/config.js";
import { evaluateNli, type Evaluation, type TaskOutcome } from "../../systems/nli/evaluate.js";
import { tokenMeanings, type TokenMeaning } from "../../systems/nli/tokenMeaning.js";
import { trainNli } from "../../systems/nli/train.js";
import type { Experiment, ExperimentContext, ExperimentOutput, ExperimentPlot } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { searchAt, secondsSince } from "./methods.js";
import { nliScale } from "./scales.js";

/**
 * The NLI seed's codebook analysis ("token 231 is consistently used for single-step left shift,
 * while token 476 is used for two-step shift. An 8-step shift (OOD) is constructed from these
 * blocks (four 231 + two 476)"): an NLI model trained on Shift-L, its programs found by gradient
 * search on fresh ID and OOD tasks, what each token computes alone (systems/nli/tokenMeaning.ts),
 * how often each token is used, and each OOD program read through its tokens' meanings — with a
 * check of whether that reading, composed, is the task's function (recombination) or not.
 */
const SPLIT = "shift-l";
/** Random inputs on which each token's meaning is measured. */
const MEANING_SAMPLES = 64;

interface TokenUse {
  readonly token: number;
  readonly meaning: string;
  readonly agreement: number;
  readonly idUses: number;
  readonly oodUses: number;
  /** Uses in the programs of solved tasks (ID and OOD). */
  readonly solvedUses: number;
}

interface Reading {
  readonly task: string;
  readonly found: string;
  readonly solved: boolean;
  /** The found tokens' meanings, in program order, runs of one meaning counted (tokens that compute the identity left out). */
  readonly readAs: string;
  /** Whether the meanings composed compute the task's function. */
  readonly composesToTask: boolean;
}

async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const scale = nliScale(context.scale);
  const config = defaultConfig(SPLIT, scale.steps, context.seed);
  context.progress(0, 3, "training NLI");
  const began = performance.now();
  const { model } = await trainNli(config);
  const trainSeconds = secondsSince(began);
  try {
    context.progress(1, 3, "gradient search");
    const search = searchAt(scale, "gradient");
    const evaluation = evaluateNli(model, { tasks: scale.tasks, chunk: scale.tasks, seed: context.seed, search });
    context.progress(2, 3, "token meanings");
    const meanings = tokenMeanings(model, MEANING_SAMPLES, new Rng((context.seed ^ 0x636f6465) >>> 0));
    context.progress(3, 3, "done");
    const uses = tokenUses(meanings, evaluation);
    const shape = configSplit(config).shape;
    const readings = evaluation.ood.tasks.map((outcome) => reading(outcome, meanings, shape));
    const results = { experiment: "nli-codebook", scale: context.scale, seed: context.seed, split: SPLIT, steps: scale.steps, search, trainSeconds, id: evaluation.id.accuracy, ood: evaluation.ood.accuracy, tokens: uses, readings };
    return { results, markdown: markdown(context, evaluation, uses, readings, trainSeconds), plots: [usePlot(uses)] };
  } finally {
    disposeNets(model);
  }
}

function tokenUses(meanings: readonly TokenMeaning[], evaluation: Evaluation): TokenUse[] {
  const count = (outcomes: readonly TaskOutcome[], token: number): number => outcomes.reduce((n, o) => n + parseTokens(o.tokens).filter((t) => t === token).length, 0);
  const solved = [...evaluation.id.tasks, ...evaluation.ood.tasks].filter((o) => o.solved);
  return meanings.map(({ token, meaning, agreement }) => ({
    token,
    meaning,
    agreement,
    idUses: count(evaluation.id.tasks, token),
    oodUses: count(evaluation.ood.tasks, token),
    solvedUses: count(solved, token),
  }));
}

function reading(outcome: TaskOutcome, meanings: readonly TokenMeaning[], shape: { length: number; alphabet: number }): Reading {
  const tokens = parseTokens(outcome.tokens);
  const programs = tokens.map((t) => meanings[t]?.program ?? []);
  const composed: SequenceProgram = programs.flat();
  return {
    task: outcome.program,
    found: outcome.tokens,
    solved: outcome.solved,
    readAs: runsOf(programs.filter((p) => p.length > 0).map(printProgram)) || "id",
    composesToTask: semantics(composed, shape) === semantics(outcome.target, shape),
  };
}

/** Meanings in order, a run of n equal ones written once as `m × n`: "shift 1 × 4 ; (add 1 ; reverse) × 2". */
function runsOf(meanings: readonly string[]): string {
  const runs: { meaning: string; count: number }[] = [];
  for (const meaning of meanings) {
    const last = runs.at(-1);
    if (last?.meaning === meaning) last.count++;
    else runs.push({ meaning, count: 1 });
  }
  // A composite meaning ("add 1 ; reverse") is parenthesised, so that runs and sequence read apart.
  const written = (meaning: string): string => (meaning.includes(" ; ") ? `(${meaning})` : meaning);
  return runs.map(({ meaning, count }) => (count > 1 ? `${written(meaning)} × ${count}` : written(meaning))).join(" ; ");
}

function markdown(context: ExperimentContext, evaluation: Evaluation, uses: readonly TokenUse[], readings: readonly Reading[], trainSeconds: number): string {
  const scale = nliScale(context.scale);
  const percent = (x: number): string => `${(100 * x).toFixed(0)} %`;
  const used = [...uses].filter((u) => u.idUses + u.oodUses > 0 || u.token === 0).sort((a, b) => b.idUses + b.oodUses - (a.idUses + a.oodUses));
  const tokenTable = markdownTable(
    ["token", "uses in ID programs", "uses in OOD programs", "uses in solved programs", "alone it computes", "agreement"],
    used.map((u) => [u.token === 0 ? "t0 (skip)" : `t${u.token}`, u.idUses, u.oodUses, u.solvedUses, u.meaning, percent(u.agreement)]),
  );
  const readingTable = markdownTable(
    ["OOD task", "program found", "solved", "read through the tokens' meanings", "composes to the task's function"],
    readings.map((r) => [r.task, r.found, r.solved ? "yes" : "no", r.readAs, r.composesToTask ? "yes" : "no"]),
  );
  const unused = uses.filter((u) => u.token !== 0 && u.idUses + u.oodUses === 0);
  return `# NLI codebook (${context.scale} scale, ${SPLIT}, seed ${context.seed})

An NLI model (gradsynth's CPU-scale defaults, docs/nli.md) trained ${scale.steps} steps on ${SPLIT} (${trainSeconds} s);
programs found by gradient search (${scale.starts} starts × ${scale.searchSteps} steps) on ${scale.tasks} fresh ID and ${scale.tasks} OOD tasks:
ID ${evaluation.id.solved} / ${scale.tasks}, OOD ${evaluation.ood.solved} / ${scale.tasks} solved. A token's meaning is what the program
(token, skip, …, skip) computes on ${MEANING_SAMPLES} random inputs, matched against the identity, every primitive of the
suite and every composition of two; "agreement" is the fraction of output symbols on which they agree.

The seed: "token 231 is consistently used for single-step left shift, while token 476 is used for
two-step shift. An 8-step shift (OOD) is constructed from these blocks (four 231 + two 476)."

## Tokens by use

${tokenTable}
${unused.length > 0 ? `\nNever used in these programs: ${unused.map((u) => `t${u.token} (${u.meaning}, ${percent(u.agreement)})`).join(", ")}.\n` : ""}
## OOD programs read through their tokens

${readingTable}
`;
}

function usePlot(uses: readonly TokenUse[]): ExperimentPlot {
  const values = uses.flatMap((u) => [
    { token: `t${u.token} ${u.meaning}`, part: "ID", uses: u.idUses },
    { token: `t${u.token} ${u.meaning}`, part: "OOD", uses: u.oodUses },
  ]);
  return {
    name: "nli-codebook-uses",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json" as const,
      title: "Token uses in the programs found by gradient search (label: what the token computes alone)",
      data: { values },
      mark: { type: "bar" as const },
      encoding: {
        y: { field: "token", type: "nominal" as const, sort: null, title: "token" },
        yOffset: { field: "part", type: "nominal" as const },
        x: { field: "uses", type: "quantitative" as const, title: "uses" },
        color: { field: "part", type: "nominal" as const },
      },
      width: 300,
    },
  };
}

export const nliCodebook: Experiment = {
  name: "nli-codebook",
  summary: "NLI codebook: what each learned token computes alone, how often it is used, and OOD programs read as compositions of token meanings",
  run,
};
