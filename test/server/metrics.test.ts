import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics.js';
import type { SyncReport, SyncStatus } from '../../src/model/sync.js';

function report(status: SyncStatus, definite = 0): SyncReport {
  return {
    sync: {
      id: status === 'busy' ? null : 7,
      status,
      startedAt: '2030-01-01T00:00:00.000Z',
      finishedAt: '2030-01-01T00:00:02.000Z',
      error: null,
      metadataQueries: 2,
      unknown: [],
    },
    findings: [],
    summary: {
      open: { definite, potential: 1 },
      opened: definite,
      worsened: 0,
      resolved: 0,
    },
  };
}

async function text(metrics: ReturnType<typeof createMetrics>) {
  return (await metrics.render()).body;
}

describe('createMetrics', () => {
  it('starts with zero series for open findings and the outbox', async () => {
    const body = await text(createMetrics());
    expect(body).toContain(
      'datagraph_monitor_open_findings{severity="definite"} 0',
    );
    expect(body).toContain(
      'datagraph_monitor_open_findings{severity="potential"} 0',
    );
    expect(body).toContain(
      'datagraph_monitor_outbox_messages{state="pending"} 0',
    );
    expect(body).toContain('datagraph_monitor_outbox_messages{state="dead"} 0');
  });

  it('records a sync: outcome, duration, open findings and when it ended', async () => {
    const metrics = createMetrics();
    metrics.recordSync(report('ok', 2), 1500);
    metrics.recordSync(report('failed'), 300);
    const body = await text(metrics);

    expect(body).toContain('datagraph_monitor_syncs_total{status="ok"} 1');
    expect(body).toContain('datagraph_monitor_syncs_total{status="failed"} 1');
    expect(body).toContain('datagraph_monitor_sync_duration_seconds_count 2');
    expect(body).toContain('datagraph_monitor_sync_duration_seconds_sum 1.8');
    expect(body).toContain(
      'datagraph_monitor_sync_duration_seconds_bucket{le="2.5"} 2',
    );
    expect(body).toContain(
      'datagraph_monitor_sync_duration_seconds_bucket{le="0.5"} 1',
    );
    expect(body).toContain(
      'datagraph_monitor_open_findings{severity="definite"} 0',
    );
    expect(body).toContain(
      'datagraph_monitor_last_ok_sync_timestamp_seconds 1893456002',
    );
  });

  it('counts a busy refusal without timing it', async () => {
    const metrics = createMetrics();
    metrics.recordSync(report('busy', 3), 10);
    const body = await text(metrics);
    expect(body).toContain('datagraph_monitor_syncs_total{status="busy"} 1');
    expect(body).toContain('datagraph_monitor_sync_duration_seconds_count 0');
    expect(body).toContain(
      'datagraph_monitor_open_findings{severity="definite"} 0',
    );
  });

  it('sets the outbox backlog and counts deliveries by channel and reason', async () => {
    const metrics = createMetrics();
    metrics.setOutbox({ pending: 4, dead: 1 });
    metrics.recordDelivery('slack', 'sent', null);
    metrics.recordDelivery('slack', 'failed', 'rate_limited');
    metrics.recordDelivery('email', 'failed', 'network');
    const body = await text(metrics);

    expect(body).toContain(
      'datagraph_monitor_outbox_messages{state="pending"} 4',
    );
    expect(body).toContain('datagraph_monitor_outbox_messages{state="dead"} 1');
    expect(body).toContain(
      'datagraph_monitor_delivery_attempts_total{channel="slack",outcome="sent"} 1',
    );
    expect(body).toContain(
      'datagraph_monitor_delivery_attempts_total{channel="slack",outcome="failed"} 1',
    );
    expect(body).toContain(
      'datagraph_monitor_delivery_failures_total{channel="slack",reason="rate_limited"} 1',
    );
    expect(body).toContain(
      'datagraph_monitor_delivery_failures_total{channel="email",reason="network"} 1',
    );
  });

  it('keeps each instance in its own registry, away from the global one', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.setOpen({ definite: 5, potential: 0 });

    expect(await text(second)).toContain(
      'datagraph_monitor_open_findings{severity="definite"} 0',
    );
    expect(await globalRegistry.metrics()).not.toContain('datagraph_monitor_');
    expect((await first.render()).contentType).toMatch(/^text\/plain/);
  });
});
