import type { Predicate } from "../syntax.js";
import type { IlpTask } from "../task.js";
import { generateTaskClauses, type ClauseOptions, type GeneratedClause } from "./clauses.js";
import { gatherTensor, plannedGatherBytes, type GatherTensor } from "./gather.js";
import { DilpLanguageError, taskLanguage, type DilpLanguage } from "./language.js";

/**
 * The space of programs ∂ILP searches for one task (Evans & Grefenstette 2018, §4.2–4.4):
 * for each intensional predicate p, the clauses cl(τ) of each of its rule templates with their
 * gather tensors X_c, and the block of the weight vector that holds p's clause-pair weights W_p.
 *
 * W_p is a |cl(τ_p¹)| × |cl(τ_p²)| matrix, row-major: W_p[j, k] weighs the pair of clauses
 * (c_p^{1,j}, c_p^{2,k}), and softmax(W_p) is taken over all its entries jointly (§4.4). The task format also allows a predicate with a single rule
 * template; its W_p is a vector over cl(τ_p¹), which is the two-template case with the second
 * clause always false (max(F, 0) = F).
 */
export interface SlotSpace {
  readonly clauses: readonly GeneratedClause[];
  readonly gathers: readonly GatherTensor[];
}

export interface PredicateSpace {
  readonly predicate: Predicate;
  /** Index in G of the predicate's first ground atom; its atoms are the next `rows` indices. */
  readonly rowOffset: number;
  readonly rows: number;
  /** One or two rule templates. */
  readonly slots: readonly SlotSpace[];
  /** Position of W_p in the flat weight vector, and its size Π_s |cl(τ_p^s)|. */
  readonly weightOffset: number;
  readonly weightCount: number;
}

export interface ProgramSpace {
  readonly language: DilpLanguage;
  readonly predicates: readonly PredicateSpace[];
  /** Total number of clause-pair weights (the length of the flat weight vector). */
  readonly weightCount: number;
  /** |G|, counting ⊥. */
  readonly atomCount: number;
}

/** The memory ∂ILP may use for a task's program space when nothing else is said (`--max-memory`, in bytes). */
export const DEFAULT_MAX_MEMORY = 8 * 2 ** 30;

/**
 * The bytes of a task's gather tensors X_c (gather.ts, `plannedGatherBytes`), the term that
 * dominates ∂ILP's memory and grows as n^(arity + e) for n constants and e existential variables
 * (the limitation the seed's slides name). Computed from the generated clauses alone, before any
 * tensor is built.
 */
export function programSpaceBytes(task: IlpTask, language: DilpLanguage = taskLanguage(task), options: ClauseOptions = {}): { readonly bytes: number; readonly clauses: number } {
  const clauses = generateTaskClauses(language, task, options).flatMap((pc) => pc.clauses.flat());
  return { bytes: clauses.reduce((sum, clause) => sum + plannedGatherBytes(language, clause), 0), clauses: clauses.length };
}

/** Throws a DilpLanguageError when the task's gather tensors would take more than `maxBytes`. */
export function checkProgramSpaceMemory(task: IlpTask, maxBytes: number): void {
  const language = taskLanguage(task);
  const { bytes, clauses } = programSpaceBytes(task, language);
  if (bytes > maxBytes) {
    const gb = (b: number): string => (b / 2 ** 30).toFixed(b < 2 ** 30 ? 3 : 1);
    throw new DilpLanguageError(
      `the program space needs about ${gb(bytes)} GB for the gather tensors of its ${clauses} clauses over ${language.constants.length} constants, over the limit of ${gb(maxBytes)} GB ` +
        "(raise it with --max-memory GB, or use fewer constants, a lower arity or fewer existential variables)",
    );
  }
}

/** Compiles a task's clause space over `language` (default: the task's training language). */
export function programSpace(task: IlpTask, language: DilpLanguage = taskLanguage(task), options: ClauseOptions = {}): ProgramSpace {
  let weightOffset = 0;
  const predicates = generateTaskClauses(language, task, options).map((pc): PredicateSpace => {
    const slots = pc.clauses.map((clauses, s) => {
      if (clauses.length === 0) {
        const t = pc.templates[s];
        throw new DilpLanguageError(`rule template (${t?.existential}, ${t?.intensional}) of ${pc.predicate.name}/${pc.predicate.arity} generates no clause`);
      }
      return { clauses, gathers: clauses.map((c) => gatherTensor(language, c)) };
    });
    const weightCount = slots.reduce((size, slot) => size * slot.clauses.length, 1);
    const space = {
      predicate: pc.predicate,
      rowOffset: language.offset(pc.predicate.name),
      rows: language.count(pc.predicate.name),
      slots,
      weightOffset,
      weightCount,
    };
    weightOffset += weightCount;
    return space;
  });
  return { language, predicates, weightCount: weightOffset, atomCount: language.size };
}
