/**
 * The files of an output directory, declared once. `run`, `sweep` and `merge` all write the set
 * through an OutputWriter, which takes the files this run wants from OUTPUT_FILES, writes them
 * stage by stage and moves the directory into place. Adding an output file is one entry in
 * OUTPUT_FILES (and, if it is optional, a field of OutputChoice and the option that sets it).
 *
 * The stages, in the order they are written:
 *  - 'stream': CSV appended while the replications run (the header first, then each task's part,
 *    in canonical order); merge appends the shards' bodies in shard order instead;
 *  - 'result': once every replication is in, from the result (OutputContent);
 *  - 'record': after the result files, once the run's clock is read again (meta.json: its
 *    seconds cover writing the others);
 *  - 'directory': from the result and the files already written (read them at
 *    `written.path(name)`), for a file made from the others;
 *  - 'folder': last, files written straight into the directory from the others (the HTML
 *    report: report.html and its charts' *.vl.json), asynchronously.
 * Within a stage, files are written in the list's order; meta.json's `files` lists them in it.
 */
import type { PointValues, SummaryRow } from '../experiment/index.js';
import {
  bestCsv,
  changesHeader,
  csvLine,
  dataDictionary,
  distributionsCsv,
  OBSERVED_VS_SIMULATED_FILE,
  observedVsSimulated,
  REVIEW_SERIES_FILE,
  reviewSeriesCsv,
  runsHeader,
  summaryCsv,
  type ChunkResult,
  type ObservedComparison,
  type OutputDir,
  type PointReviewSeries,
  type RunSums,
} from '../output/index.js';
import { resolveDecision } from '../model/index.js';
import type { Meta } from './meta.js';

/** Which optional files a run writes, known before the first replication. */
export interface OutputChoice {
  /** changes.csv, one row per change. */
  changes: boolean;
  /** report.html (and its charts' *.vl.json). */
  report?: boolean;
  /** best.csv: a sweep of two points or more, every replication in (not a shard: merge writes it). */
  best?: boolean;
  /** review_queue.csv: the review queue over time (stream mode). */
  reviewSeries?: boolean;
  /** observed-vs-simulated.csv: the scenario holds calibration.observed, changes.csv is written, and it is a run (no sweep). */
  observed?: boolean;
}

/** The columns the stream files' headers depend on. */
export interface CsvLayout {
  /** Sweep parameter columns, in --vary order. */
  params: readonly string[];
  tiers: readonly string[];
}

/** What the files written after the replications are made of. */
export interface OutputContent {
  /** The run's record (its grid and tiers give the columns); meta.json is its JSON. */
  meta: Meta;
  /** summary.csv's rows. */
  rows: readonly SummaryRow[];
  /** Per sweep point: its `point,<params>` cells, CSV-joined. */
  prefixes: readonly string[];
  /** The kept per-replication values of the points written, in point order. */
  values: readonly PointValues[];
  /** distributions.csv's sums, filled with the replications. */
  sums: RunSums;
  /** Stream mode: the review queue over time of every stream point, summed over its replications. */
  reviewSeries?: readonly PointReviewSeries[];
}

/** The files already in the directory being written. */
export interface WrittenFiles {
  path(name: string): string;
}

export interface StreamWrite {
  stage: 'stream';
  /** The header's cells. */
  header: (layout: CsvLayout) => string[];
  /** A task's rows, newline-terminated UTF-8 (formatted in the thread that ran it). */
  part: (chunk: ChunkResult) => Uint8Array;
  /** Merge reads the summary's values from this file's rows (runs.csv). */
  feedsSummary?: boolean;
}

/** What the console shows of the files, kept as they are written (it reads no file back). */
export interface KeptFromFiles {
  /** observed-vs-simulated.csv's KS distances, one per quantity and regime. */
  observed?: ObservedComparison[];
}

export interface TextWrite {
  stage: 'result' | 'record' | 'directory';
  /** The file's text, or its text and what the console shows of it. */
  text: (content: OutputContent, written: WrittenFiles) => string | { text: string; kept: KeptFromFiles };
}

export interface FolderWrite {
  stage: 'folder';
  /** Writes the file (and any companions) into the directory at `path`, reading the others there. */
  into: (path: string) => Promise<void>;
}

export interface OutputFile {
  name: string;
  /** Whether a run with these choices writes the file. */
  when: (choice: OutputChoice) => boolean;
  write: StreamWrite | TextWrite | FolderWrite;
}

const always = (): boolean => true;

export const OUTPUT_FILES: readonly OutputFile[] = [
  {
    name: 'runs.csv',
    when: always,
    write: { stage: 'stream', header: (l) => runsHeader(l.params, l.tiers), part: (c) => c.runs, feedsSummary: true },
  },
  {
    name: 'changes.csv',
    when: (choice) => choice.changes,
    write: { stage: 'stream', header: (l) => changesHeader(l.params, l.tiers), part: (c) => c.changes },
  },
  {
    name: 'summary.csv',
    when: always,
    write: { stage: 'result', text: (c) => summaryCsv(c.rows, c.meta.grid.map((g) => g.column), c.prefixes) },
  },
  {
    name: 'distributions.csv',
    when: always,
    write: { stage: 'result', text: (c) => distributionsCsv({ params: c.meta.grid.map((g) => g.column), prefixes: c.prefixes, values: c.values, sums: c.sums }) },
  },
  {
    name: 'best.csv',
    when: (choice) => choice.best === true,
    write: { stage: 'result', text: (c) => bestCsv(c.values, c.meta.grid.map((g) => g.column), c.prefixes, resolveDecision(c.meta.scenario).metrics) },
  },
  {
    name: REVIEW_SERIES_FILE,
    when: (choice) => choice.reviewSeries === true,
    write: { stage: 'result', text: (c) => reviewSeriesCsv(c.reviewSeries ?? [], c.prefixes, c.meta.grid.map((g) => g.column)) },
  },
  { name: 'meta.json', when: always, write: { stage: 'record', text: (c) => `${JSON.stringify(c.meta, null, 2)}\n` } },
  {
    name: OBSERVED_VS_SIMULATED_FILE,
    when: (choice) => choice.observed === true && choice.changes,
    write: {
      stage: 'directory',
      text: (c, written) => {
        const { csv, comparisons } = observedVsSimulated(c.meta.scenario, written.path('changes.csv'));
        return { text: csv, kept: { observed: comparisons } };
      },
    },
  },
  { name: 'README.md', when: always, write: { stage: 'result', text: (c) => dataDictionary({ tiers: c.meta.tiers, params: c.meta.grid }) } },
  {
    name: 'report.html',
    when: (choice) => choice.report === true,
    // Loaded only when asked for: vega takes most of a second to load.
    write: { stage: 'folder', into: async (path) => void (await (await import('../output/report/index.js')).writeReport(path)) },
  },
];

const TEXT_STAGES = ['result', 'record', 'directory'] as const;

/** The CSV header line of a stream file, newline-terminated. */
export function headerLine(write: StreamWrite, layout: CsvLayout): string {
  return `${csvLine(write.header(layout))}\n`;
}

/** The files of the list a run with these choices writes, in the list's order. */
export function chosenFiles(choice: OutputChoice, list: readonly OutputFile[] = OUTPUT_FILES): OutputFile[] {
  return list.filter((f) => f.when(choice));
}

/** The stream files among `files`, each with how it is written. */
export function streamFiles(files: readonly OutputFile[]): { name: string; write: StreamWrite }[] {
  return files.flatMap((f) => (f.write.stage === 'stream' ? [{ name: f.name, write: f.write }] : []));
}

/**
 * Where the stream files are appended while the replications run: the output directory itself,
 * or a run's resume journal (./resume.ts), which puts them into the directory once they are whole.
 */
export interface StreamTarget {
  append(name: string, text: string | Uint8Array): void;
  /** The stream files are complete: put them into `dir` (before the other files are written). */
  deliver?(dir: OutputDir): void;
}

/** An output directory being written: the chosen files, stage by stage, then moved into place. */
export class OutputWriter {
  /** The stream files and how each is written. */
  readonly streams: readonly { name: string; write: StreamWrite }[];

  constructor(
    readonly dir: OutputDir,
    /** The files to write (chosenFiles), in the list's order. */
    readonly files: readonly OutputFile[],
    /** Where the stream files are appended (default: the directory). */
    private readonly streamTarget: StreamTarget = dir,
  ) {
    this.streams = streamFiles(files);
  }

  /** The names of the files written, for meta.json and the console. */
  names(): string[] {
    return this.files.map((f) => f.name);
  }

  /** Starts every stream file with its header. */
  begin(layout: CsvLayout): void {
    for (const s of this.streams) this.streamTarget.append(s.name, headerLine(s.write, layout));
  }

  /** A task's part of every stream file (tasks in canonical order). */
  append(chunk: ChunkResult): void {
    for (const s of this.streams) this.streamTarget.append(s.name, s.write.part(chunk));
  }

  /**
   * Writes the other files, stage by stage, and moves the directory into place. `beforeRecord`
   * runs once the result files are written and before the record (to read the clock for it).
   * Returns what the console shows of the files.
   */
  async finish(content: OutputContent, beforeRecord?: () => void): Promise<KeptFromFiles> {
    this.streamTarget.deliver?.(this.dir);
    let kept: KeptFromFiles = {};
    for (const stage of TEXT_STAGES) {
      if (stage === 'record') beforeRecord?.();
      for (const f of this.files) {
        const w = f.write;
        if (w.stage !== stage) continue;
        const written = w.text(content, this.dir);
        if (typeof written !== 'string') kept = { ...kept, ...written.kept };
        this.dir.writeFile(f.name, typeof written === 'string' ? written : written.text);
      }
    }
    for (const f of this.files) if (f.write.stage === 'folder') await f.write.into(this.dir.tempPath);
    this.dir.commit();
    return kept;
  }
}
