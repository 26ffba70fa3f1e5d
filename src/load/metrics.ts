/**
 * Reads a CloudWatch export (`hostfit audit --metrics FILE`): the JSON `aws cloudwatch get-metric-data` prints, whose
 * series are labelled "ENDPOINT VARIANT METRIC" by the query file (README "Auditing what you run").
 */
import { METRICS, MetricDataSchema, type MetricName, type MetricSeries } from "../schema/account.js";
import type { Issue } from "../schema/issue.js";
import { parseValidated, readText } from "./files.js";
import { parseSource } from "./source.js";

const LABEL = /^(\S+) (\S+) (\S+)$/;
const HINT = `label each query "ENDPOINT VARIANT METRIC" (e.g. "support-chat AllTraffic Invocations"), METRIC one of ${METRICS.join(", ")}`;

/**
 * The series of a get-metric-data export, with an issue (and its place) for each series whose label the audit cannot
 * read or whose timestamps are not dates; the others are kept.
 * @throws HostfitError (invalid-input) when the file is not JSON of that shape at all.
 */
export function parseMetrics(text: string, file: string): { series: MetricSeries[]; issues: Issue[] } {
  const data = parseValidated(text, file, MetricDataSchema, "the metrics file");
  const source = parseSource(text, file);
  const series: MetricSeries[] = [];
  const issues: Issue[] = [];
  data.MetricDataResults.forEach((r, i) => {
    const at = (key: string) => ({
      path: `MetricDataResults[${i}].${key}`,
      ...(source.locate(["MetricDataResults", i, key]) ?? {}),
      file,
    });
    const label = LABEL.exec(r.Label ?? "");
    if (!label || !(METRICS as readonly string[]).includes(label[3]!)) {
      issues.push({
        code: "invalid-value",
        ...at("Label"),
        message: `the series "${r.Id}" is labelled ${JSON.stringify(r.Label ?? "")}, which names no endpoint, variant and metric`,
        hint: HINT,
      });
      return;
    }
    const timestamps = r.Timestamps.map((t) => Date.parse(t) / 1000);
    const bad = timestamps.findIndex((t) => !Number.isFinite(t));
    if (bad >= 0) {
      issues.push({
        code: "invalid-value",
        ...at("Timestamps"),
        message: `the series "${r.Id}" has a timestamp that is not a date: ${JSON.stringify(r.Timestamps[bad])}`,
        hint: "pass the output of aws cloudwatch get-metric-data as it printed it (ISO 8601 timestamps)",
      });
      return;
    }
    series.push({
      endpoint: label[1]!,
      variant: label[2]!,
      metric: label[3] as MetricName,
      timestamps,
      values: r.Values,
    });
  });
  return { series, issues };
}

/** Reads a metrics file; see {@link parseMetrics}. */
export function loadMetrics(file: string): { series: MetricSeries[]; issues: Issue[] } {
  return parseMetrics(readText(file, "unreadable", "--metrics takes the JSON of aws cloudwatch get-metric-data"), file);
}
