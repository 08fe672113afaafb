/**
 * The AWS names of an environment. A name is part of the resource: a changed name replaces the load
 * balancer, the database's parameter group or the backup vault, so each rule is pinned here, including
 * the cut with a hash suffix that keeps long names within AWS's limits and stable from run to run.
 */
import { OBSERVABILITY_LOG_GROUPS, parameterGroupFamily, ResourceNames } from '../../config/resource-names';

const shop = new ResourceNames('shop', 'test');
// 39 characters before any suffix: every short AWS limit cuts it.
const long = new ResourceNames('a-very-long-application-name', 'production');

describe('ResourceNames.name', () => {
  it('keeps a name of exactly the limit as it is, and cuts one character more to the limit with a stable hash', () => {
    expect(shop.name('a'.repeat(22), 32)).toBe(`shop-test-${'a'.repeat(22)}`);
    // The first six hex digits of SHA-256 of the full name: the same name every synth.
    expect(shop.name('a'.repeat(23), 32)).toBe('shop-test-aaaaaaaaaaaaaaa-6e3d52');
  });

  it('drops the hyphens at the cut, and only there, so the hash never follows "--"', () => {
    // Cut at 25 characters: "shop-test-abcdefghijklm--".
    expect(shop.name('abcdefghijklm--rest-of-name', 32)).toBe('shop-test-abcdefghijklm-910d1a');
  });

  it('is the prefix alone without a suffix, and 63 characters at most by default', () => {
    expect(shop.name()).toBe('shop-test');
    expect(shop.prefix).toBe('shop-test');
    expect(long.database('reporting-replica-for-analytics')).toBe('a-very-long-application-name-production-db-reporting-rep-ba7fc6');
    expect(long.database('reporting-replica-for-analytics')).toHaveLength(63);
  });
});

describe('the name of each resource', () => {
  it('names each resource after the environment, with the suffix it is known by', () => {
    expect({
      loadBalancer: shop.loadBalancer(),
      targetGroup: shop.targetGroup('web'),
      database: shop.database(),
      furtherDatabase: shop.database('reports'),
      backup: shop.backup(),
      kmsAlias: shop.kmsAlias(),
      logGroup: shop.logGroupName('app'),
      wafLogGroup: shop.wafLogGroupName,
      openSearchDomain: shop.openSearchDomain(),
      centralLogs: shop.centralLogs(64),
      parameter: shop.parameterPath('network', 'vpc-id'),
    }).toEqual({
      loadBalancer: 'shop-test-alb',
      targetGroup: 'shop-test-web',
      database: 'shop-test-db',
      furtherDatabase: 'shop-test-db-reports',
      backup: 'shop-test-backup',
      kmsAlias: 'alias/shop-test',
      logGroup: '/shop/test/app',
      // WAF refuses a log group whose name does not start with aws-waf-logs-.
      wafLogGroup: 'aws-waf-logs-shop-test',
      openSearchDomain: 'shop-test-logs',
      centralLogs: 'shop-test-central-logs',
      parameter: '/shop/test/network/vpc-id',
    });
  });

  it('keeps each name within its AWS limit: ALB and target group 32, OpenSearch domain 28, Backup 50, Firehose 64', () => {
    expect(long.loadBalancer()).toBe('a-very-long-application-n-3dee7f');
    expect(long.targetGroup('web')).toBe('a-very-long-application-n-f345de');
    expect(long.openSearchDomain()).toBe('a-very-long-applicati-79b25c');
    const longer = new ResourceNames('an-even-longer-application-name-for-the-shop', 'production');
    expect(longer.backup()).toHaveLength(50);
    expect(longer.centralLogs(64)).toHaveLength(64);
    // The CloudWatch Logs destination allows 512: no cut.
    expect(longer.centralLogs(512)).toBe('an-even-longer-application-name-for-the-shop-production-central-logs');
  });

  it('names the database parameter group after the engine family: pg16, mysql8-0', () => {
    expect(parameterGroupFamily('postgres', '16.3')).toEqual({ family: 'postgres16', suffix: 'pg16' });
    expect(parameterGroupFamily('mysql', '8.0.35')).toEqual({ family: 'mysql8.0', suffix: 'mysql8-0' });
    expect(shop.databaseParameterGroup('postgres', '16.3')).toBe('shop-test-db-pg16');
    expect(shop.databaseParameterGroup('mysql', '8.0.35', 'reports')).toBe('shop-test-db-reports-mysql8-0');
  });

  it('lists the observability log groups below /<app>/<environment>/', () => {
    expect(OBSERVABILITY_LOG_GROUPS.map((g) => shop.logGroupName(g))).toEqual([
      '/shop/test/opensearch/audit',
      '/shop/test/opensearch/index-slow',
      '/shop/test/opensearch/search-slow',
      '/shop/test/opensearch/application',
      '/shop/test/firehose/delivery',
    ]);
  });
});
