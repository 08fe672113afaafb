/** One Terraform stack per app × environment (per account × region for the baseline, per operations environment for observability), holding its blueprint. */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedEnvironment, stackName } from '../config/resolve-environment';
import { AccountBaselineBlueprint } from '../blueprints/account-baseline/account-baseline-blueprint';
import { ContainerAppBlueprint } from '../blueprints/container-app/container-app-blueprint';
import { InstanceAppBlueprint } from '../blueprints/instance-app/instance-app-blueprint';
import { ObservabilityBlueprint } from '../blueprints/observability/observability-blueprint';
import { EnvironmentContext } from '../blueprints/building-blocks/environment-context';
import { ResourceNames } from '../config/resource-names';
import { ConfigError } from '../config/config-error';
import { ImportFile } from '../config/import-file';
import { awsProvider, partitionOf } from './aws-provider';
import { applyImports } from './resource-imports';
import { stateBackend } from './state-backend';

export class EnvironmentStack extends TerraformStack {
  /** `imports`: the environment's import file (adopted environments); throws a ConfigError for a path it cannot apply. */
  constructor(scope: Construct, env: ResolvedEnvironment, imports?: ImportFile) {
    const name = stackName(env);
    super(scope, name);
    awsProvider(this, env);
    stateBackend(this, name, env.region, env.backend);
    const ctx: EnvironmentContext = {
      names: new ResourceNames(env.app, env.environment),
      region: env.region,
      account: env.account,
      partition: partitionOf(env.region),
    };
    switch (env.blueprint) {
      case 'container-app':
        new ContainerAppBlueprint(this, 'app', { ctx, environment: env });
        break;
      case 'instance-app':
        new InstanceAppBlueprint(this, 'app', { ctx, environment: env });
        break;
      case 'account-baseline':
        new AccountBaselineBlueprint(this, 'baseline', { ctx, environment: env });
        break;
      case 'observability':
        new ObservabilityBlueprint(this, 'observability', { ctx, environment: env });
        break;
    }
    if (imports) {
      const issues = applyImports(this, imports);
      if (issues.length > 0) throw new ConfigError(issues);
    }
  }
}
