/**
 * AWS SDK clients for discovery: credentials and region from the standard chain, AWS_ENDPOINT_URL
 * honoured (the SDK reads it itself), the SDK's own adaptive retry strategy (exponential backoff with
 * jitter plus client-side rate limiting on throttling) instead of a hand-rolled loop, and a
 * per-service limit on requests in flight. Every call passes a recorder, so a run can say how many
 * calls it made and which.
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { BackupClient } from '@aws-sdk/client-backup';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';

/** Requests in flight per service; AWS rate limits are per API and account, so per service is the unit. */
export const DEFAULT_CONCURRENCY_PER_SERVICE = 4;
/** Attempts per call (first try included): enough to ride out throttling and transient 5xx. */
export const DEFAULT_MAX_ATTEMPTS = 10;

export interface ClientSettings {
  region: string;
  /** Requests in flight per service. @default DEFAULT_CONCURRENCY_PER_SERVICE */
  concurrencyPerService?: number;
  /** @default DEFAULT_MAX_ATTEMPTS */
  maxAttempts?: number;
}

/** One API call as the SDK made it (after retries). */
export interface RecordedCall {
  service: string;
  /** e.g. DescribeVpcs */
  operation: string;
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

type AnyClient = { middlewareStack: { add: (mw: unknown, opts: { step: 'initialize'; name: string }) => void } };

export class AwsClients {
  readonly calls: RecordedCall[] = [];
  private readonly cache = new Map<string, unknown>();
  private readonly settings: Required<ClientSettings>;

  constructor(settings: ClientSettings) {
    this.settings = {
      concurrencyPerService: DEFAULT_CONCURRENCY_PER_SERVICE,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      ...settings,
    };
  }

  get region(): string {
    return this.settings.region;
  }

  private make<T extends object>(service: string, create: (config: Record<string, unknown>) => T): T {
    const found = this.cache.get(service);
    if (found) return found as T;
    const client = create({ region: this.settings.region, retryMode: 'adaptive', maxAttempts: this.settings.maxAttempts });
    const limiter = new Semaphore(this.settings.concurrencyPerService);
    const calls = this.calls;
    (client as unknown as AnyClient).middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) =>
        limiter.run(async () => {
          calls.push({ service, operation: (context.commandName ?? 'unknown').replace(/Command$/, '') });
          return next(args);
        }),
      { step: 'initialize', name: 'discoveryLimiter' },
    );
    this.cache.set(service, client);
    return client;
  }

  get ec2(): EC2Client {
    return this.make('ec2', (c) => new EC2Client(c));
  }
  get elbv2(): ElasticLoadBalancingV2Client {
    return this.make('elasticloadbalancing', (c) => new ElasticLoadBalancingV2Client(c));
  }
  get iam(): IAMClient {
    return this.make('iam', (c) => new IAMClient(c));
  }
  get kms(): KMSClient {
    return this.make('kms', (c) => new KMSClient(c));
  }
  get rds(): RDSClient {
    return this.make('rds', (c) => new RDSClient(c));
  }
  get ssm(): SSMClient {
    return this.make('ssm', (c) => new SSMClient(c));
  }
  /**
   * CloudWatch answers both its JSON and its query protocol; query is the one every endpoint serves
   * (moto 5.2.5 does not serve JSON for every call), so discovery never silently misses alarms.
   */
  get cloudwatch(): CloudWatchClient {
    return this.make('monitoring', (c) => new CloudWatchClient({ ...c, protocol: AwsQueryProtocol }));
  }
  get logs(): CloudWatchLogsClient {
    return this.make('logs', (c) => new CloudWatchLogsClient(c));
  }
  get sns(): SNSClient {
    return this.make('sns', (c) => new SNSClient(c));
  }
  get s3(): S3Client {
    return this.make('s3', (c) => new S3Client({ ...c, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL) }));
  }
  get ecr(): ECRClient {
    return this.make('ecr', (c) => new ECRClient(c));
  }
  get guardduty(): GuardDutyClient {
    return this.make('guardduty', (c) => new GuardDutyClient(c));
  }
  get cloudtrail(): CloudTrailClient {
    return this.make('cloudtrail', (c) => new CloudTrailClient(c));
  }
  get acm(): ACMClient {
    return this.make('acm', (c) => new ACMClient(c));
  }
  get ecs(): ECSClient {
    return this.make('ecs', (c) => new ECSClient(c));
  }
  get backup(): BackupClient {
    return this.make('backup', (c) => new BackupClient(c));
  }
  get config(): ConfigServiceClient {
    return this.make('config', (c) => new ConfigServiceClient(c));
  }

  /** Destroys every client's connection pool so the process can exit. */
  close(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
  }
}
