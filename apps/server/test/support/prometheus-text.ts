import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** One sample of a family, as parse-prometheus-text-format gives it. */
export interface PromSample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}
export interface PromFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: PromSample[];
}

/** Parses the exposition text with a third-party parser (not our own code) into families. */
export function parseExposition(text: string): Map<string, PromFamily> {
  const families = parsePrometheusTextFormat(text) as PromFamily[];
  return new Map(families.map((f) => [f.name, f]));
}

const matches = (sample: PromSample, labels: Record<string, string>) =>
  Object.entries(labels).every(([k, v]) => sample.labels?.[k] === v);

/** A counter's or gauge's value for the labels given (0 when no such series yet). */
export function sampleValue(
  families: Map<string, PromFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const family = families.get(name);
  const sample = family?.metrics.find((m) => matches(m, labels));
  return sample?.value === undefined ? 0 : Number(sample.value);
}

/** A histogram's observation count (0 when no such series yet). */
export function histogramCount(families: Map<string, PromFamily>, name: string): number {
  const sample = families.get(name)?.metrics[0];
  return sample?.count === undefined ? 0 : Number(sample.count);
}

/** A histogram's observation count and sum (zeros when no such series yet). */
export function histogramStats(
  families: Map<string, PromFamily>,
  name: string,
): { count: number; sum: number } {
  const sample = families.get(name)?.metrics[0];
  return { count: Number(sample?.count ?? 0), sum: Number(sample?.sum ?? 0) };
}
