/** The relaxations of a categorical choice (see softmax.ts); free of the tensor engine. */
export const RELAXATIONS = ["softmax", "gumbel", "gumbel-hard"] as const;
export type RelaxationKind = (typeof RELAXATIONS)[number];

export interface Relaxation {
  readonly kind: RelaxationKind;
  readonly temperature: number;
}
