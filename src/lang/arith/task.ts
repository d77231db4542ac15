/** A programming-by-example task over numbers: each example maps input values to one output. */
export interface ArithExample {
  readonly input: readonly number[];
  readonly output: number;
}

export interface ArithTask {
  readonly name: string;
  readonly examples: readonly ArithExample[];
}

/** Number of input variables of a task (all examples have the same arity once validated). */
export function arityOf(task: ArithTask): number {
  return task.examples[0]?.input.length ?? 0;
}
