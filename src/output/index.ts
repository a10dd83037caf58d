/**
 * Outputs: CSV text (formatted in the workers), summary.csv, the data dictionary, atomic output
 * directories, reading runs.csv back, and the console report. Imports model and experiment types.
 */
export { cellText, csvLine, numberCell, parseCsvLine, parseNumberCell, statCell, textCell } from './csv.js';
export { ByteWriter, bytesOf, scaledCell } from './bytes.js';
export { changesHeader, CsvSink, runsHeader, type ChunkResult, type SinkInit } from './sink.js';
export { SUMMARY_STAT_COLUMNS, summaryCsv, summaryHeader } from './summaryCsv.js';
export { dataDictionary, type DictionaryInput } from './dictionary.js';
export { AppendedFiles, checkOutputTarget, cleanStaleTemps, describeFsError, OutputDir, processAlive, removeEmptyDirs, writeFileAtomic } from './files.js';
export { Progress } from './progress.js';
export { renderReport, type RenderOptions, type ReportInput, type ReportPoint } from './console.js';
export { histograms, human, table } from './readable.js';
export { verdict } from './verdict.js';
export { readRunsCsv, type RunsReadTarget } from './readRuns.js';
export {
  columnDistribution,
  DISTRIBUTION_LEVELS,
  distributionsCsv,
  distributionsHeader,
  isSummedColumn,
  parseDistributionsCsv,
  RunSums,
  type ColumnDistribution,
  type DistributionsGroup,
} from './distributions.js';
export {
  addSeriesSums,
  newPointReviewSeries,
  readReviewSeriesCsv,
  REVIEW_SERIES_FILE,
  reviewSeriesBinCells,
  reviewSeriesCsv,
  reviewSeriesHeader,
  type PointReviewSeries,
} from './reviewSeries.js';
export { partitionLanes, stepCostUsd, TRACE_COLUMNS, traceCsv, traceSteps, type TracedStep } from './trace.js';
export { BREAKEVEN_COLUMN_DOCS, columnTable, ROBUSTNESS_COLUMN_DOCS, ROBUSTNESS_DRAW_COLUMN_DOCS, SENSITIVITY_COLUMN_DOCS, type AnalysisColumn } from './analysisColumns.js';
export { markedTables, PARAMETER_TABLES, renderParameterTable, tableOf, updateParameterTables, type ParameterTable } from './parameterTables.js';
export { bestCsv, bestMetrics, sweepBest, type SweepBest } from './sweepBest.js';
export { bottleneckText, isTeamPoint, teamBottleneck, teamTable, type SummaryLookup, type TeamBottleneck } from './team.js';
export {
  comparisonsOf,
  ecdfSteps,
  ksDistance,
  OBSERVED_VS_SIMULATED_FILE,
  OBSERVED_VS_SIMULATED_HEADER,
  observedConsole,
  observedVsSimulated,
  parseObservedVsSimulated,
  type ObservedComparison,
  type ObservedVsSimulatedRow,
} from './observed.js';
export { DocFigureError, docFigure, docFigureMarkers, fillDocFigures, type ResultsFolder } from './docFigures.js';
