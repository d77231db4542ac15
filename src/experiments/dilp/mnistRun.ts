import { byClass, type ImageDataset, type ImageSplit } from "../../data/images.js";
import { Rng } from "../../engine/rng.js";
import { printClause } from "../../lang/datalog/print.js";
import { accuracy } from "../../lang/datalog/score.js";
import { disposeNets } from "../../nets/net.js";
import type { SmallCnn } from "../../nets/cnn.js";
import { scoreSoftExamples, type SoftExample } from "../../systems/dilp/softExamples.js";
import { predictSoftExamples } from "../../systems/dilp/softScore.js";
import { trainDilp } from "../../systems/dilp/train.js";
import { argmaxAccuracy, digitLogits, DIGIT_CLASSES, pretrainDigitCnn, type DigitCnnSettings } from "./digitClassifier.js";
import { holdOutPairs, sampleImagePairs, type ImagePair } from "./digitPairs.js";
import { mlpBaseline, type MlpBaselineSettings } from "./mlpBaseline.js";
import { digitPairExample, mnistLessThanTask, pairExample, softmaxRow } from "./mnistTask.js";

/**
 * Less-than on pairs of MNIST images (Evans & Grefenstette 2018, §5.5.4; the seed's "Learning
 * Rules from Ambiguous Data" slides): a convnet pretrained on the training split's digits maps each
 * image to a distribution over digit atoms; for each proportion of held-out pairs of integers and
 * each trial, ∂ILP learns less-than from image pairs of the remaining integer pairs, and so does the
 * MLP baseline on the same pairs' logits. Both are tested on image pairs from the test split, on
 * the integer pairs seen in training ("image generalisation") and on the held-out ones ("symbolic
 * generalisation"); the program ∂ILP extracts is also checked exactly on every pair of digits.
 */
export interface MnistSettings {
  /** Digits 0..digits−1 are the constants (the paper's C = {0, …, 5}: 6). */
  readonly digits: number;
  readonly cnn: DigitCnnSettings;
  /** Test images on which the convnet's accuracy is measured (the first ones of the test split). */
  readonly cnnTestImages: number;
  readonly holdOuts: readonly number[];
  readonly trials: number;
  readonly trainPairs: number;
  /** Test image pairs per group (seen integer pairs, held-out integer pairs). */
  readonly testPairs: number;
  /** ∂ILP: restarts (stopping at the first whose program fits the training pairs), Adam steps, mini-batch size. */
  readonly dilp: { readonly runs: number; readonly steps: number; readonly batch: number };
  readonly mlp: MlpBaselineSettings;
}

/** Accuracy and mean squared error of predicted probabilities against pair labels (NaN without pairs). */
export interface PairScore {
  readonly pairs: number;
  readonly accuracy: number;
  readonly mse: number;
}

export interface MnistTrial {
  readonly holdOut: number;
  readonly trial: number;
  /** The held-out pairs of integers (a, b), as "(a, b)". */
  readonly heldPairs: string[];
  readonly dilp: {
    readonly seen: PairScore;
    readonly heldOut: PairScore;
    readonly restarts: number;
    readonly fits: boolean;
    readonly loss: number;
    readonly program: string[];
    /** The extracted program, evaluated exactly with crisp image facts, on all digits² pairs and on the held-out ones. */
    readonly programPairs: { readonly all: number; readonly heldOut: number };
    readonly seconds: number;
  };
  readonly mlp: { readonly seen: PairScore; readonly heldOut: PairScore; readonly seconds: number };
  readonly peakRssMB: number;
}

export interface MnistResults {
  readonly cnnTestAccuracy: number;
  readonly cnnSeconds: number;
  readonly trials: MnistTrial[];
}

function score(predictions: Float32Array, labels: readonly boolean[]): PairScore {
  let correct = 0;
  let squared = 0;
  labels.forEach((label, i) => {
    const p = predictions[i] as number;
    if (p > 0.5 === label) correct++;
    squared += (p - (label ? 1 : 0)) ** 2;
  });
  return { pairs: labels.length, accuracy: labels.length === 0 ? NaN : correct / labels.length, mse: labels.length === 0 ? NaN : squared / labels.length };
}

/** Logits of a split's images, computed once per image. */
function logitCache(net: SmallCnn, split: ImageSplit): (pairs: readonly ImagePair[]) => Map<number, Float32Array> {
  const cache = new Map<number, Float32Array>();
  return (pairs) => {
    const missing = [...new Set(pairs.flatMap((p) => [p.left, p.right]))].filter((i) => !cache.has(i));
    const logits = digitLogits(net, split, missing);
    missing.forEach((image, k) => cache.set(image, logits.slice(k * DIGIT_CLASSES, (k + 1) * DIGIT_CLASSES)));
    return cache;
  };
}

export async function runMnistLessThan(data: ImageDataset, settings: MnistSettings, seed: number, progress: (done: number, total: number, detail: string) => void): Promise<MnistResults> {
  const rng = new Rng(seed);
  const task = mnistLessThanTask(settings.digits);
  const D = settings.digits;
  const total = settings.cnn.steps + settings.holdOuts.length * settings.trials;
  let started = performance.now();
  const net = pretrainDigitCnn(data.train, settings.cnn, rng.fork(), (step, loss) => {
    if (step % 10 === 0) progress(step, total, `convnet step ${step} loss ${loss.toFixed(3)}`);
  });
  try {
    const cnnSeconds = (performance.now() - started) / 1000;
    const cnnTest = Int32Array.from({ length: Math.min(settings.cnnTestImages, data.test.shape[0]) }, (_, i) => i);
    const cnnTestAccuracy = argmaxAccuracy(digitLogits(net, data.test, cnnTest), data.test.labels.subarray(0, cnnTest.length));
    const trainLogits = logitCache(net, data.train);
    const testLogits = logitCache(net, data.test);
    const trainByDigit = byClass(data.train);
    const testByDigit = byClass(data.test);
    const trials: MnistTrial[] = [];
    for (const holdOut of settings.holdOuts) {
      for (let trial = 0; trial < settings.trials; trial++) {
        progress(settings.cnn.steps + trials.length, total, `hold-out ${holdOut} trial ${trial + 1}`);
        const trng = rng.fork();
        const held = holdOutPairs(D, holdOut, trng);
        const isHeld = (a: number, b: number): boolean => (held[a] as boolean[])[b] as boolean;
        const train = sampleImagePairs(trainByDigit, D, (a, b) => !isHeld(a, b), settings.trainPairs, trng);
        const seen = sampleImagePairs(testByDigit, D, (a, b) => !isHeld(a, b), settings.testPairs, trng);
        const heldOut = holdOut > 0 ? sampleImagePairs(testByDigit, D, isHeld, settings.testPairs, trng) : [];
        const trainL = trainLogits(train);
        const testL = testLogits([...seen, ...heldOut]);
        const examples = (pairs: readonly ImagePair[], logits: Map<number, Float32Array>): SoftExample[] =>
          pairs.map((p) => pairExample(softmaxRow(logits.get(p.left) as Float32Array, 0), softmaxRow(logits.get(p.right) as Float32Array, 0), D, p.a < p.b));
        const labels = (pairs: readonly ImagePair[]): boolean[] => pairs.map((p) => p.a < p.b);

        started = performance.now();
        // checkEvery = steps: a run trains all its steps before its program is checked, since the
        // network's own valuations are tested, and they are still soft at the first fitting program.
        const dilpOptions = { runs: settings.dilp.runs, steps: settings.dilp.steps, checkEvery: settings.dilp.steps, batchFraction: settings.dilp.batch / train.length, seed: trng.nextUint32() };
        const learned = await trainDilp(task, dilpOptions, examples(train, trainL));
        const dilpScore = (pairs: readonly ImagePair[]): PairScore => score(predictSoftExamples(task, learned.best.logits, examples(pairs, testL)), labels(pairs));
        const heldPairs: string[] = [];
        const heldDigitPairs: SoftExample[] = [];
        const allDigitPairs: SoftExample[] = [];
        for (let a = 0; a < D; a++) {
          for (let b = 0; b < D; b++) {
            allDigitPairs.push(digitPairExample(a, b, D));
            if (isHeld(a, b)) {
              heldPairs.push(`(${a}, ${b})`);
              heldDigitPairs.push(digitPairExample(a, b, D));
            }
          }
        }
        const programAccuracy = (pairs: readonly SoftExample[]): number => accuracy(scoreSoftExamples(learned.best.program, task.background, pairs));
        const dilp = {
          seen: dilpScore(seen),
          heldOut: dilpScore(heldOut),
          restarts: learned.runs.length,
          fits: learned.best.fits,
          loss: learned.best.loss,
          program: learned.best.program.clauses.map(printClause),
          programPairs: { all: programAccuracy(allDigitPairs), heldOut: heldDigitPairs.length === 0 ? NaN : programAccuracy(heldDigitPairs) },
          seconds: (performance.now() - started) / 1000,
        };

        started = performance.now();
        const concat = (pairs: readonly ImagePair[], logits: Map<number, Float32Array>): Float32Array => {
          const out = new Float32Array(pairs.length * 2 * DIGIT_CLASSES);
          pairs.forEach((p, i) => {
            out.set(logits.get(p.left) as Float32Array, 2 * i * DIGIT_CLASSES);
            out.set(logits.get(p.right) as Float32Array, (2 * i + 1) * DIGIT_CLASSES);
          });
          return out;
        };
        const [mlpSeen, mlpHeld] = mlpBaseline(concat(train, trainL), Uint8Array.from(labels(train), Number), [concat(seen, testL), concat(heldOut, testL)], settings.mlp, trng) as [Float32Array, Float32Array];
        const mlp = { seen: score(mlpSeen, labels(seen)), heldOut: score(mlpHeld, labels(heldOut)), seconds: (performance.now() - started) / 1000 };
        trials.push({
          holdOut,
          trial,
          heldPairs,
          dilp,
          mlp,
          peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        });
      }
    }
    progress(total, total, "done");
    return { cnnTestAccuracy, cnnSeconds, trials };
  } finally {
    disposeNets(net);
  }
}
