import { useId } from 'react';
import { Table } from '../components/Table';
import type { Gates, HealthReport } from './types';
import { formatCount, formatPerMille } from './words';

/**
 * A ring's health over time, drawn by hand in SVG (no chart library to keep patched, nothing inline that the CSP
 * would block): a line per rate, each gate as a dashed horizontal line in the same colour, reports above a gate
 * drawn as large red marks with a dark outline. Series differ by colour, dash and marker shape, so colour is never
 * the only difference. The picture is an `img` with a `<title>` and a `<desc>` that says what it shows in words;
 * the numbers are in a table below it, for screen readers and anyone who wants them.
 */
export type RateKey = 'crash' | 'bootFailure' | 'rollback';

export interface Series {
  key: RateKey;
  name: string;
  gate: number | null;
  points: { at: number; observedAt: string; rate: number | null; breached: boolean }[];
}

const SERIES: { key: RateKey; name: string; gate: (gates: Gates) => number | null | undefined; count: (report: HealthReport) => number; given: (report: HealthReport) => number | null | undefined }[] = [
  { key: 'crash', name: 'Crash rate', gate: (gates) => gates.maxCrashPerMille, count: (report) => report.crashes, given: (report) => report.crashPerMille },
  {
    key: 'bootFailure',
    name: 'Boot-failure rate',
    gate: (gates) => gates.maxBootFailurePerMille,
    count: (report) => report.bootFailures,
    given: (report) => report.bootFailurePerMille,
  },
  { key: 'rollback', name: 'Rollback rate', gate: (gates) => gates.maxRollbackPerMille, count: (report) => report.rollbacks, given: (report) => report.rollbackPerMille },
];

/** The service's rate when it sent one, else count × 1000 / devices reporting; none when nobody reported. */
export function rateOf(count: number, given: number | null | undefined, reporting: number): number | null {
  if (given !== null && given !== undefined && Number.isFinite(given)) {
    return given;
  }
  return reporting > 0 ? (count * 1000) / reporting : null;
}

/** The rates to draw: crash and boot failure always, rollback when it has a gate or ever happened. */
export function chartSeries(gates: Gates, reports: readonly HealthReport[]): Series[] {
  const ordered = [...reports].sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  return SERIES.filter(
    (series) => series.key !== 'rollback' || (gates.maxRollbackPerMille !== null && gates.maxRollbackPerMille !== undefined) || ordered.some((report) => report.rollbacks > 0),
  ).map((series) => {
    const gate = series.gate(gates) ?? null;
    return {
      key: series.key,
      name: series.name,
      gate,
      points: ordered.map((report) => {
        const rate = rateOf(series.count(report), series.given(report), report.devicesReporting);
        // the service's rule: a rate above its gate is a breach (equal is still green)
        return { at: Date.parse(report.observedAt), observedAt: report.observedAt, rate, breached: rate !== null && gate !== null && rate > gate };
      }),
    };
  });
}

/** A round top for the scale: 1, 2, 2.5, 5, 10 × a power of ten, at or above `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= value) ?? 10;
  return step * power;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { top: 16, right: 24, bottom: 44, left: 56 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

interface RingChartProps {
  /** "Ring 1 (Canary)" */
  title: string;
  gates: Gates;
  reports: readonly HealthReport[];
}

export function RingChart({ title, gates, reports }: RingChartProps) {
  const id = useId();
  if (reports.length === 0) {
    return <p className="hint">No health reports for this ring yet: the chart appears with the first one.</p>;
  }
  const ordered = [...reports].sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  const series = chartSeries(gates, ordered);
  const times = series[0].points.map((point) => point.at);
  let start = Math.min(...times);
  let end = Math.max(...times);
  if (end - start < 60_000) {
    // one report (or several in a minute): give it room on both sides
    start -= 30 * 60_000;
    end += 30 * 60_000;
  }
  const highest = Math.max(
    ...series.flatMap((line) => [line.gate ?? 0, ...line.points.map((point) => point.rate ?? 0)]),
  );
  const top = niceCeiling(highest * 1.15);
  const x = (at: number) => MARGIN.left + ((at - start) / (end - start)) * PLOT_W;
  const y = (rate: number) => MARGIN.top + PLOT_H - (rate / top) * PLOT_H;
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => share * top);
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map((share) => start + share * (end - start));
  const clock = end - start > 20 * 3_600_000 ? dayAndTime : time;
  const breaches = series.flatMap((line) => line.points.filter((point) => point.breached).map((point) => ({ line, point })));

  return (
    <figure className="ring-chart">
      <svg
        className="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{`${title}: failure rates per thousand devices over time, against their gates`}</title>
        <desc id={`${id}-desc`}>{describe(series, reports.length, breaches.length)}</desc>
        <g className="chart-grid" aria-hidden="true">
          {yTicks.map((tick) => (
            <g key={`y${tick}`}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} className="chart-gridline" />
              <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end" className="chart-tick">
                {formatCount(tick)}
              </text>
            </g>
          ))}
          {xTicks.map((tick, index) => (
            // the first and last labels align inwards so that neither is cut at the edge
            <text key={`x${tick}`} x={x(tick)} y={HEIGHT - MARGIN.bottom + 18} textAnchor={index === 0 ? 'start' : index === xTicks.length - 1 ? 'end' : 'middle'} className="chart-tick">
              {clock.format(new Date(tick))}
            </text>
          ))}
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={MARGIN.top + PLOT_H} className="chart-axis" />
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={MARGIN.top + PLOT_H} y2={MARGIN.top + PLOT_H} className="chart-axis" />
          <text className="chart-axis-label" transform={`translate(14 ${MARGIN.top + PLOT_H / 2}) rotate(-90)`} textAnchor="middle">
            Rate (‰ of devices reporting)
          </text>
          <text className="chart-axis-label" x={MARGIN.left + PLOT_W / 2} y={HEIGHT - 6} textAnchor="middle">
            Time observed (your time zone)
          </text>
        </g>
        {series.map((line) => (
          <g key={line.key} className={`chart-series chart-${line.key}`} aria-hidden="true">
            {line.gate !== null && (
              <>
                <line
                  className="chart-gate"
                  data-gate={line.key}
                  x1={MARGIN.left}
                  x2={WIDTH - MARGIN.right}
                  y1={y(line.gate)}
                  y2={y(line.gate)}
                />
                <text className="chart-gate-label" x={WIDTH - MARGIN.right - 4} y={y(line.gate) - 4} textAnchor="end">
                  {`${line.name.replace(' rate', '')} gate ${formatPerMille(line.gate)}`}
                </text>
              </>
            )}
            <path className="chart-line" d={pathOf(line, x, y)} />
            {line.points.map((point) =>
              point.rate === null ? null : (
                <Marker
                  key={point.observedAt}
                  shape={line.key}
                  cx={x(point.at)}
                  cy={y(point.rate)}
                  breached={point.breached}
                  label={`${line.name} ${formatPerMille(point.rate)} at ${clock.format(new Date(point.at))}${point.breached ? `, above the gate of ${formatPerMille(line.gate)}` : ''}`}
                />
              ),
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {series.map((line) => (
            <li key={line.key} className={`chart-legend-${line.key}`}>
              <svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" focusable="false" className={`chart-${line.key}`}>
                <line className="chart-line" x1="0" x2="36" y1="6" y2="6" />
                <Marker shape={line.key} cx={18} cy={6} breached={false} label="" />
              </svg>
              {line.name}
              {line.gate !== null ? `, gate ${formatPerMille(line.gate)} (dashed)` : ', no gate'}
            </li>
          ))}
          <li className="chart-legend-breach">
            <svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" focusable="false">
              <circle className="chart-breach" cx="18" cy="6" r="5" />
            </svg>
            Large red mark: a report above its gate
          </li>
        </ul>
      </figcaption>
      <details className="chart-table">
        <summary>{title}: the reports as a table</summary>
        <Table caption={`${title}: health reports`} columns={['Observed', 'Devices updated', 'Devices reporting', ...series.map((line) => line.name)]}>
          {series[0].points.map((point, index) => {
            const report = ordered[index];
            return (
              <tr key={point.observedAt}>
                <th scope="row">
                  <time dateTime={point.observedAt}>{dayAndTime.format(new Date(point.at))}</time>
                </th>
                <td>{formatCount(report.devicesUpdated)}</td>
                <td>
                  {formatCount(report.devicesReporting)}
                  {report.devicesReporting < gates.minDevicesReporting && ` (fewer than the ${formatCount(gates.minDevicesReporting)} needed)`}
                </td>
                {series.map((line) => {
                  const cell = line.points[index];
                  return (
                    <td key={line.key} className={cell.breached ? 'rate-breached' : undefined}>
                      {formatPerMille(cell.rate)}
                      {cell.breached && ` — above the gate (${formatPerMille(line.gate)})`}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </Table>
      </details>
    </figure>
  );
}

function pathOf(line: Series, x: (at: number) => number, y: (rate: number) => number): string {
  // a report without a rate (nobody reporting) breaks the line rather than drawing it down to zero
  let pen = 'M';
  return line.points
    .map((point) => {
      if (point.rate === null) {
        pen = 'M';
        return '';
      }
      const step = `${pen}${x(point.at).toFixed(1)} ${y(point.rate).toFixed(1)}`;
      pen = 'L';
      return step;
    })
    .join(' ')
    .trim();
}

interface MarkerProps {
  shape: RateKey;
  cx: number;
  cy: number;
  breached: boolean;
  label: string;
}

/** Circle for crashes, square for boot failures, triangle for rollbacks; breaches larger, red, outlined. */
function Marker({ shape, cx, cy, breached, label }: MarkerProps) {
  const r = breached ? 6.5 : 4;
  const className = breached ? 'chart-point chart-breach' : 'chart-point';
  const tip = label ? <title>{label}</title> : null;
  if (shape === 'bootFailure') {
    return (
      <rect className={className} x={cx - r} y={cy - r} width={r * 2} height={r * 2}>
        {tip}
      </rect>
    );
  }
  if (shape === 'rollback') {
    return (
      <polygon className={className} points={`${cx},${cy - r * 1.2} ${cx + r * 1.1},${cy + r * 0.8} ${cx - r * 1.1},${cy + r * 0.8}`}>
        {tip}
      </polygon>
    );
  }
  return (
    <circle className={className} cx={cx} cy={cy} r={r}>
      {tip}
    </circle>
  );
}

function describe(series: Series[], reports: number, breaches: number): string {
  const lines = series.map((line) => {
    const rates = line.points.map((point) => point.rate).filter((rate): rate is number => rate !== null);
    const latest = rates[rates.length - 1];
    const gate = line.gate === null ? 'no gate' : `gate ${formatPerMille(line.gate)}`;
    if (rates.length === 0) {
      return `${line.name}: no rate yet (${gate}).`;
    }
    return `${line.name}: latest ${formatPerMille(latest)}, highest ${formatPerMille(Math.max(...rates))} (${gate}).`;
  });
  const verdict = breaches === 0 ? 'No rate is above its gate.' : `${breaches === 1 ? '1 rate is' : `${breaches} rates are`} above the gate, marked in red.`;
  return `${reports === 1 ? '1 report' : `${reports} reports`}. ${lines.join(' ')} ${verdict}`;
}
