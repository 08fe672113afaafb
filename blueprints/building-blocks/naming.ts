/**
 * AWS names for one app environment. Several AWS names are short (ALB and target group: 32), so a
 * long name is cut and given a stable hash suffix instead of failing at apply time.
 */
import { createHash } from 'crypto';

export class ResourceNames {
  constructor(
    readonly app: string,
    readonly environment: string,
  ) {}

  /** `<app>-<environment>` — the prefix of every name in this environment. */
  get prefix(): string {
    return `${this.app}-${this.environment}`;
  }

  /** `<app>-<environment>-<suffix>`, at most `maxLength` characters. */
  name(suffix?: string, maxLength = 63): string {
    const full = suffix ? `${this.prefix}-${suffix}` : this.prefix;
    if (full.length <= maxLength) return full;
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
    return `${full.slice(0, maxLength - 7).replace(/-+$/, '')}-${hash}`;
  }

  /**
   * `/<app>/<environment>/<path>`: the name of every log group of this environment; `logGroupName('*')`
   * is all of them, for the KMS key policy.
   */
  logGroupName(path: string): string {
    return `/${this.app}/${this.environment}/${path}`;
  }

  /** WAF only logs to groups named `aws-waf-logs-*`, so its group lives outside `/<app>/<environment>/`. */
  get wafLogGroupName(): string {
    return `aws-waf-logs-${this.prefix}`;
  }

  /** The SSM parameter path under which this environment publishes its facts. */
  parameterPath(...parts: string[]): string {
    return `/${this.app}/${this.environment}/${parts.join('/')}`;
  }
}
