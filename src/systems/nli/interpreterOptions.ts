/** The options of NLI's interpreter (interpreter.ts): the sizes, and which execution network d it runs. */
interface CommonOptions {
  /** N, symbols per sequence. */
  readonly length: number;
  /** A, alphabet size. */
  readonly alphabet: number;
  /** K, codebook size including the skip token. */
  readonly codebook: number;
  /** Width of the token embeddings E_v. */
  readonly tokenDim: number;
  /** The skip gate of token 0 (default true); false: token 0 is an ordinary token (the seed's "no skip token" ablation). */
  readonly skipGate?: boolean;
}

/** The structured execution network (ours; structuredNetwork.ts). Checkpoints without `kind` hold one. */
export interface StructuredOptions extends CommonOptions {
  readonly kind?: "structured";
  /** Hidden width of the routing MLP R. */
  readonly routingHidden: number;
  /** Hidden width of the value network. */
  readonly valueHidden: number;
  /**
   * Hidden width of the relabelling MLP S (absent or 0: no relabelling, the residual carries the
   * symbol unchanged — checkpoints written before it existed).
   */
  readonly relabelHidden?: number;
}

/** The generic execution network (genericNetwork.ts). */
export interface GenericOptions extends CommonOptions {
  readonly kind: "generic";
  /** D, width of the per-position state. */
  readonly stateDim: number;
  /** Hidden width of the block's feed-forward layer. */
  readonly hidden: number;
}

export type InterpreterOptions = StructuredOptions | GenericOptions;

/** The execution networks `InterpreterOptions.kind` chooses from. */
export const INTERPRETER_KINDS = ["structured", "generic"] as const;
export type InterpreterKind = (typeof INTERPRETER_KINDS)[number];
