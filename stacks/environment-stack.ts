/** One Terraform stack per app × environment, holding that environment's blueprint. */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ResolvedEnvironment, stackName } from '../config/resolve-environment';
import { ContainerAppBlueprint } from '../blueprints/container-app/container-app-blueprint';
import { EnvironmentContext } from '../blueprints/building-blocks/environment-context';
import { ResourceNames } from '../blueprints/building-blocks/naming';
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
      tier: env.tier,
      region: env.region,
      account: env.account,
      partition: partitionOf(env.region),
    };
    switch (env.blueprint) {
      case 'container-app':
        new ContainerAppBlueprint(this, 'app', { ctx, environment: env });
        break;
    }
  }
}
