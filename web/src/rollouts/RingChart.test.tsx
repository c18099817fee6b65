import { fireEvent, render, screen, within } from '@testing-library/react';
import { chartSeries, niceCeiling, RingChart } from './RingChart';
import type { Gates, HealthReport } from './types';

const gates: Gates = { maxCrashPerMille: 5, maxBootFailurePerMille: 2, minDevicesReporting: 100 };

function report(observedAt: string, devicesReporting: number, crashes: number, bootFailures: number, rollbacks = 0): HealthReport {
  return { observedAt, devicesUpdated: devicesReporting + 100, devicesReporting, crashes, bootFailures, rollbacks };
}

// 1 ‰, 2 ‰, then 12 ‰ crashes: the third report breaches the crash gate (boot failures stay at or under 2 ‰)
const reports = [
  report('2026-05-04T08:00:00Z', 1000, 1, 0),
  report('2026-05-04T08:30:00Z', 1000, 2, 2),
  report('2026-05-04T09:00:00Z', 1000, 12, 1),
];

describe('RingChart', () => {
  it('draws each gate as a dashed line at its value on the scale and marks the one report above it', () => {
    const { container } = render(<RingChart title="Ring 1 (Canary)" gates={gates} reports={reports} />);
    const chart = screen.getByRole('img', { name: 'Ring 1 (Canary): failure rates per thousand devices over time, against their gates' });

    // scale: 0 at y=216 (16 + 200), top = niceCeiling(12 × 1.15) = 20 at y=16
    expect(niceCeiling(12 * 1.15)).toBe(20);
    const crashGate = chart.querySelector('line.chart-gate[data-gate="crash"]')!;
    const bootGate = chart.querySelector('line.chart-gate[data-gate="bootFailure"]')!;
    expect(Number(crashGate.getAttribute('y1'))).toBeCloseTo(216 - (5 / 20) * 200);
    expect(crashGate.getAttribute('y1')).toBe(crashGate.getAttribute('y2'));
    expect(Number(bootGate.getAttribute('y1'))).toBeCloseTo(216 - (2 / 20) * 200);
    expect(chart.textContent).toContain('Crash gate 5 ‰');
    expect(chart.textContent).toContain('Boot-failure gate 2 ‰');

    const breaches = chart.querySelectorAll('.chart-breach');
    expect(breaches).toHaveLength(1);
    expect(breaches[0].closest('.chart-crash')).not.toBeNull();
    expect(breaches[0].textContent).toMatch(/^Crash rate 12 ‰ at .*, above the gate of 5 ‰$/);
    // equal to the gate is still green: the boot-failure rate of 2 ‰ is no breach
    expect(chart.querySelector('.chart-bootFailure .chart-breach')).toBeNull();

    const description = document.getElementById(chart.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toBe(
      '3 reports. Crash rate: latest 12 ‰, highest 12 ‰ (gate 5 ‰). Boot-failure rate: latest 1 ‰, highest 2 ‰ (gate 2 ‰). 1 rate is above the gate, marked in red.',
    );
    // no rollback gate and no rollbacks: no third line
    expect(container.querySelector('.chart-rollback')).toBeNull();
  });

  it('offers the same numbers as a table, with the breach said in words', () => {
    render(<RingChart title="Ring 1 (Canary)" gates={gates} reports={[reports[2], reports[0], reports[1]]} />);
    fireEvent.click(screen.getByText('Ring 1 (Canary): the reports as a table'));
    const table = screen.getByRole('table', { name: 'Ring 1 (Canary): health reports' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('1 ‰');
    expect(rows[2].textContent).toContain('12 ‰ — above the gate (5 ‰)');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual([
      'Observed',
      'Devices updated',
      'Devices reporting',
      'Crash rate',
      'Boot-failure rate',
    ]);
  });

  it('computes rates the service did not send, and leaves a gap where nobody reported', () => {
    const [crash] = chartSeries(gates, [report('2026-05-04T08:00:00Z', 400, 2, 0), report('2026-05-04T08:10:00Z', 0, 0, 0)]);
    expect(crash.points.map((point) => point.rate)).toEqual([5, null]);
    expect(crash.points.map((point) => point.breached)).toEqual([false, false]);
  });

  it('draws the rollback rate when its gate is set, and says when a ring has no report yet', () => {
    const { container, rerender } = render(
      <RingChart title="Ring 2 (Early)" gates={{ ...gates, maxRollbackPerMille: 3 }} reports={[report('2026-05-04T08:00:00Z', 500, 0, 0, 4)]} />,
    );
    expect(container.querySelector('.chart-rollback .chart-breach')).not.toBeNull();
    rerender(<RingChart title="Ring 2 (Early)" gates={gates} reports={[]} />);
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/No health reports for this ring yet/)).toBeTruthy();
  });
});
