import { disposeNets } from "../../nets/net.js";
import type { SplitName } from "../../data/nli/splits.js";
import { configSplit, defaultConfig, type NliConfig } from "../../systems/nli/config.js";
import { evaluateNli, evaluateSolver, type Evaluation } from "../../systems/nli/evaluate.js";
import { inContextSolver, trainInContext } from "../../systems/nli/inContext.js";
import { lpnSolver, trainLpn, type LatentSearch } from "../../systems/nli/lpn.js";
import { SEARCH_DEFAULTS, type SearchMethod, type SearchOptions } from "../../systems/nli/searchOptions.js";
import { trainNli } from "../../systems/nli/train.js";
import { TTT_DEFAULTS, tttSolver } from "../../systems/nli/ttt.js";
import type { ExperimentContext } from "../experiment.js";
import type { NliScale } from "./scales.js";
import type { NliTableMethod } from "./seed.js";

/**
 * The methods of the NLI seed's main table, run on one split: In-Context (one Transformer over the
 * specification and the query, systems/nli/inContext.ts) and TTT (the same model fine-tuned on
 * each task's specification, TTT_DEFAULTS, systems/nli/ttt.ts), NLI (no search, prior search,
 * gradient search), D-LPN (NLI with a single discrete token, T = 1: one latent symbol per
 * program) with and without gradient search, and LPN (one continuous latent, systems/nli/lpn.ts)
 * with and without gradient search.
 * Every model is gradsynth's CPU-scale defaultConfig trained for the scale's steps on the same
 * task stream; every method is evaluated on the same fresh ID and OOD tasks.
 */
export interface MethodRecord<M extends string = string> {
  readonly split: SplitName;
  readonly method: M;
  readonly id: number;
  readonly ood: number;
  /** Tasks per part. */
  readonly tasks: number;
  /** Training time of the method's model, and evaluation time of the method, in seconds. */
  readonly trainSeconds: number;
  readonly evalSeconds: number;
  /** A few OOD tasks with the program the method found. */
  readonly oodExamples: readonly { readonly program: string; readonly found: string; readonly solved: boolean }[];
}

export type NliTableRecord = MethodRecord<NliTableMethod>;

/** Units of work per split, for progress: four models trained, nine methods evaluated. */
export const UNITS_PER_SPLIT = 13;

export const secondsSince = (since: number): number => Math.round((performance.now() - since) / 100) / 10;

/** An evaluation as a table record. */
export function methodRecord<M extends string>(split: SplitName, method: M, tasks: number, trainSeconds: number, result: Evaluation): MethodRecord<M> {
  return {
    split,
    method,
    id: result.id.accuracy,
    ood: result.ood.accuracy,
    tasks,
    trainSeconds,
    evalSeconds: Math.round(result.seconds * 10) / 10,
    oodExamples: result.ood.tasks.slice(0, 3).map((t) => ({ program: t.program, found: t.tokens, solved: t.solved })),
  };
}

/** The scale's search settings for `method` (none: the inductor's guess; prior: s programs; gradient: s starts × L steps). */
export function searchAt(scale: NliScale, method: SearchMethod): SearchOptions {
  return { ...SEARCH_DEFAULTS, method, starts: method === "none" ? 1 : scale.starts, steps: method === "gradient" ? scale.searchSteps : 0 };
}

/** LPN with (steps > 0) or without latent gradient search, at the scale's starts. */
export function lpnSearchAt(scale: NliScale, gradient: boolean): LatentSearch {
  return { starts: gradient ? scale.starts : 1, steps: gradient ? scale.searchSteps : 0, sigma: SEARCH_DEFAULTS.sigma, learningRate: SEARCH_DEFAULTS.learningRate };
}

/**
 * In-Context and TTT on one split (three units of `step`: training, two evaluations): one model
 * trained like the others (the scale's steps, the same task stream), evaluated on the same tasks.
 */
export function runInContextMethods(split: SplitName, scale: NliScale, seed: number, step: (detail: string) => void = () => undefined): NliTableRecord[] {
  const config = defaultConfig(split, scale.steps, seed);
  step("training In-Context");
  const began = performance.now();
  const model = trainInContext(config);
  const trainSeconds = secondsSince(began);
  const evaluation = { tasks: scale.tasks, chunk: scale.tasks, seed };
  const records: NliTableRecord[] = [];
  for (const [method, solver] of [["In-Context", inContextSolver(model)], ["TTT", tttSolver(model, TTT_DEFAULTS)]] as const) {
    step(method);
    records.push(methodRecord(split, method, scale.tasks, trainSeconds, evaluateSolver(configSplit(config), config, evaluation, solver, 0)));
  }
  disposeNets(model);
  return records;
}

export async function runSplit(context: ExperimentContext, split: SplitName, scale: NliScale, unitsBefore: number, unitsTotal: number): Promise<NliTableRecord[]> {
  let unit = unitsBefore;
  const step = (detail: string): void => context.progress(unit++, unitsTotal, `${split}: ${detail}`);
  const config = defaultConfig(split, scale.steps, context.seed);
  const evaluation = { tasks: scale.tasks, chunk: scale.tasks, seed: context.seed };
  const records = runInContextMethods(split, scale, context.seed, step);
  const record = (method: NliTableMethod, trainSeconds: number, result: Evaluation): void => void records.push(methodRecord(split, method, scale.tasks, trainSeconds, result));

  const tokenModels: [NliConfig, readonly [NliTableMethod, SearchMethod][]][] = [
    [config, [["NLI", "none"], ["NLI Prior Search", "prior"], ["NLI Gradient Search", "gradient"]]],
    [{ ...config, programLength: 1 }, [["D-LPN", "none"], ["D-LPN Gradient Search", "gradient"]]],
  ];
  for (const [modelConfig, methods] of tokenModels) {
    step(`training ${modelConfig.programLength === 1 ? "D-LPN" : "NLI"}`);
    const began = performance.now();
    const { model } = await trainNli(modelConfig);
    const trainSeconds = secondsSince(began);
    for (const [method, search] of methods) {
      step(method);
      record(method, trainSeconds, evaluateNli(model, { ...evaluation, search: searchAt(scale, search) }));
    }
    disposeNets(model);
  }

  step("training LPN");
  const began = performance.now();
  const lpn = trainLpn(config);
  const trainSeconds = secondsSince(began);
  const pool = configSplit(config);
  for (const [method, gradient] of [["LPN", false], ["LPN Gradient Search", true]] as const) {
    step(method);
    const search = lpnSearchAt(scale, gradient);
    record(method, trainSeconds, evaluateSolver(pool, config, evaluation, lpnSolver(lpn, search), search.starts * search.steps));
  }
  disposeNets(lpn);
  return records;
}
