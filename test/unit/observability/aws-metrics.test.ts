import { scopeOf } from '../../../src/aws/scope';
import { createMetrics } from '../../../src/observability/metrics';

describe('access-layer metrics', () => {
  it('render batch sizes, calls saved, budget waits and tokens per scope × API class, and cache size and hit ratio', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const scope = scopeOf('210987654321', 'eu-west-1');
    m.awsObserver.batch({ service: 'ec2', kind: 'instance', ids: 200, requests: 150 });
    m.awsObserver.batch({ service: 'ec2', kind: 'instance', ids: 3, requests: 1 });
    m.awsObserver.saved({ service: 'ec2', kind: 'instance', reason: 'batching', calls: 149 });
    m.awsObserver.saved({ service: 'ssm', kind: 'executionDetail', reason: 'coalescing', calls: 1 });
    m.awsObserver.saved({ service: 'ec2', kind: 'image', reason: 'cache', calls: 1 });
    m.awsObserver.budget({ scope, apiClass: 'ec2-describe', bucket: 'ec2:DescribeImages', granted: true, waitMs: 250, tokensLeft: -2 });
    m.awsObserver.budget({ scope, apiClass: 'ec2-describe', bucket: 'ec2:DescribeImages', granted: false, waitMs: 0, tokensLeft: -2 });
    m.observeAwsCache(() => ({ bytes: 12345, entries: 7, hits: 3, misses: 1 }));
    const text = await m.render();
    for (const line of [
      'aws_batch_size_sum{service="ec2",kind="instance"} 203',
      'aws_batch_size_count{service="ec2",kind="instance"} 2',
      'aws_batch_size_bucket{le="200",service="ec2",kind="instance"} 2',
      'aws_calls_saved_total{service="ec2",kind="instance",reason="batching"} 149',
      'aws_calls_saved_total{service="ssm",kind="executionDetail",reason="coalescing"} 1',
      'aws_calls_saved_total{service="ec2",kind="image",reason="cache"} 1',
      'aws_budget_wait_seconds_sum{account_id="210987654321",region="eu-west-1",api_class="ec2-describe"} 0.25',
      'aws_budget_tokens{account_id="210987654321",region="eu-west-1",api_class="ec2-describe",action="DescribeImages"} -2',
      'aws_budget_rejections_total{account_id="210987654321",region="eu-west-1",api_class="ec2-describe"} 1',
      'aws_cache_bytes 12345',
      'aws_cache_entries 7',
      'aws_cache_lookups_total{result="hit"} 3',
      'aws_cache_lookups_total{result="miss"} 1',
      'aws_cache_hit_ratio 0.75',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('caps scope labels: regions in queries are chosen by clients', async () => {
    const m = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < 70; i++) {
      m.awsObserver.budget({ scope: scopeOf('210987654321', `zz-fake-${i}`), apiClass: 'ec2-describe', bucket: 'ec2:DescribeImages', granted: false, waitMs: 0, tokensLeft: 0 });
    }
    const text = await m.render();
    const regions = new Set([...text.matchAll(/aws_budget_rejections_total\{account_id="[^"]+",region="([^"]+)"/g)].map((r) => r[1]));
    expect(regions.size).toBe(65);
    expect(regions.has('other')).toBe(true);
  });
});
