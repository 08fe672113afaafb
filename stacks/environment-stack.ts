/** One Terraform stack per app × environment (or per account × region for the baseline), holding its blueprint. */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedEnvironment, stackName } from '../config/resolve-environment';
import { AccountBaselineBlueprint } from '../blueprints/account-baseline/account-baseline-blueprint';
import { ContainerAppBlueprint } from '../blueprints/container-app/container-app-blueprint';
import { InstanceAppBlueprint } from '../blueprints/instance-app/instance-app-blueprint';
import { EnvironmentContext } from '../blueprints/building-blocks/environment-context';
import { ResourceNames } from '../config/resource-names';
import { awsProvider, partitionOf } from './aws-provider';
import { stateBackend } from './state-backend';

export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, env: ResolvedEnvironment) {
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
    }
  }
}
